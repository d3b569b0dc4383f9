import { Controller, Get } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Authenticated } from '@mtl/accounts';
import { Public } from '@mtl/http';
import { createHttpTestApp, misguardedRoutes, routeGuarding } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';

/** Test-only controllers: one forgot its guard, one says both things at once. */
@Controller('unguarded')
class ForgotItsGuardController {
  @Get()
  open(): string {
    return 'anyone';
  }
}

@Controller('contradictory')
@Authenticated()
class ContradictoryController {
  @Get()
  @Public()
  both(): string {
    return 'who knows';
  }
}

/**
 * Unguarded routes cannot ship: every route handler of both HTTP apps is either
 * `@Authenticated` or explicitly `@Public()`.
 */
describe('route guards of the HTTP apps', () => {
  const apps: NestFastifyApplication[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });
  const build = async (
    module: Parameters<typeof createHttpTestApp>[0],
    extra: Parameters<typeof createHttpTestApp>[1] = {},
  ) => {
    const app = await createHttpTestApp(module, extra);
    apps.push(app);
    return app;
  };

  it.each([
    [
      'LMS',
      LmsModule,
      [
        ...[
          'POST /api/auth/register',
          'POST /api/auth/login',
          'GET /api/site',
          'GET /health',
          'GET /api/courses',
          'GET /api/courses/:courseKey',
        ],
        // The pages: an optional site session, checked by each page that needs one.
        ...[
          'GET /',
          'GET /courses/:courseKey',
          'GET /dashboard',
          'GET /login',
          'GET /register',
          'POST /login',
          'POST /register',
          'POST /logout',
        ],
        ...['POST /courses/:courseKey/enroll', 'POST /courses/:courseKey/unenroll'],
      ],
    ],
    ['Studio', StudioModule, ['POST /api/auth/login', 'GET /health']],
  ])('%s: every route handler is @Authenticated or @Public()', async (_name, module, expectedPublic) => {
    const app = await build(module);
    const routes = routeGuarding(app);
    expect(routes.length).toBeGreaterThan(expectedPublic.length);
    expect(misguardedRoutes(app)).toEqual([]);
    expect(
      routes
        .filter((r) => r.public)
        .map((r) => r.route)
        .sort(),
    ).toEqual([...expectedPublic].sort());
    expect(routes.find((r) => r.route === 'GET /api/me')?.authenticated).toBe(true);
  });

  it('names a route handler with neither marker, and one with both', async () => {
    const app = await build(StudioModule, { extraControllers: [ForgotItsGuardController, ContradictoryController] });
    expect(misguardedRoutes(app)).toEqual([
      'GET /unguarded (ForgotItsGuardController.open): neither @Authenticated nor @Public()',
      'GET /contradictory (ContradictoryController.both): both @Authenticated and @Public()',
    ]);
  });
});
