import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { SiteRegistry } from '@mtl/sites';
import {
  asDatabaseOwner,
  createHttpTestApp,
  RowLevelSecurityAlone,
  seedThreeTenants,
  ThreeTenants,
  withRowLevelSecurityAlone,
} from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { FuzzReport, IsolationFuzzer } from './isolation-fuzzer';

/**
 * The isolation fuzzer (isolation-fuzzer.ts, ADR 0011) over the real LMS and Studio, twice: as
 * they run, and with the application's own tenant filter switched off so that row-level security
 * alone stands between the organizations. `npm test` sends a few hundred requests per mode;
 * `npm run test:isolation` sends ISOLATION_FUZZ_REQUESTS (10,000) per mode. ISOLATION_FUZZ_SEED
 * replays a run.
 */
const REQUESTS = Number(process.env.ISOLATION_FUZZ_REQUESTS ?? 400);
const SEED = Number(process.env.ISOLATION_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('isolation fuzzer: no organization ever sees another one’s data', () => {
  let world: ThreeTenants;
  let fuzzer: IsolationFuzzer | undefined;
  const reports: [string, FuzzReport][] = [];
  const filter = new RowLevelSecurityAlone();
  const refresh = async () => {
    filter.organizationIds = (await asDatabaseOwner<{ id: number }>('SELECT id FROM organizations')).map((o) => o.id);
  };

  /** The LMS and Studio (with the application's tenant filter or without), seeded and signed in. */
  const start = async (rlsAlone: boolean) => {
    const override = rlsAlone ? withRowLevelSecurityAlone(filter) : undefined;
    const lms: NestFastifyApplication = await createHttpTestApp(LmsModule, { override });
    const studio: NestFastifyApplication = await createHttpTestApp(StudioModule, { override });
    world ??= await seedThreeTenants(lms.get(DataSource));
    await lms.get(SiteRegistry).reconcile();
    await refresh();
    const apps = [
      { name: 'lms' as const, app: lms },
      { name: 'studio' as const, app: studio },
    ];
    if (fuzzer) fuzzer.apps = apps;
    else {
      // Signed in once: the sign-in throttle would refuse a second round within the minute.
      fuzzer = new IsolationFuzzer(world, apps, SEED);
      await fuzzer.prepare();
    }
    return {
      fuzzer,
      close: async () => {
        await studio.close();
        await lms.close();
      },
    };
  };

  const summary = (mode: string, r: FuzzReport) =>
    `isolation fuzz [${mode}] seed=${SEED}: ${r.requests} requests over ` +
    `${r.routesCovered}/${r.routes} routes in ${r.seconds.toFixed(1)} s; ` +
    `leaks=${r.leaks.length} server_errors=${r.serverErrors.length} crossed_writes=${r.crossedWrites.length}`;

  afterAll(() => {
    process.stdout.write(`\n${reports.map(([mode, r]) => summary(mode, r)).join('\n')}\n`);
  });

  it.each([
    ['app scoping + RLS', false],
    ['RLS alone', true],
  ])(
    '%s: every route, every caller, swapped identifiers, tokens and hosts: nothing leaks',
    async (mode, rlsAlone) => {
      const { fuzzer, close } = await start(rlsAlone);
      try {
        const report = await fuzzer.run(REQUESTS, rlsAlone ? refresh : undefined);
        reports.push([mode, report]);
        process.stdout.write(`${summary(mode, report)}\n`);
        if (process.env.ISOLATION_FUZZ_VERBOSE) process.stdout.write(`${JSON.stringify(report.statuses, null, 1)}\n`);
        const show = (items: unknown[]) => items.slice(0, 15);
        expect({
          leaks: show(report.leaks),
          serverErrors: show(report.serverErrors),
          crossedWrites: show(report.crossedWrites),
        }).toEqual({ leaks: [], serverErrors: [], crossedWrites: [] });
        expect(report.routesCovered).toBe(report.routes);
      } finally {
        await close();
      }
    },
    Math.max(120_000, REQUESTS * 60),
  );

  it('catches a leak when there is one: RLS alone, with row-level security off on course_runs and users', async () => {
    const { fuzzer, close } = await start(true);
    await asDatabaseOwner(
      'ALTER TABLE course_runs DISABLE ROW LEVEL SECURITY; ALTER TABLE users DISABLE ROW LEVEL SECURITY',
    );
    try {
      const report = await fuzzer.run(Math.min(REQUESTS, 300), refresh);
      process.stdout.write(`${summary('canary: no RLS on course_runs, users', report)}\n`);
      expect(report.leaks.length).toBeGreaterThan(0);
    } finally {
      await asDatabaseOwner(
        'ALTER TABLE course_runs ENABLE ROW LEVEL SECURITY; ALTER TABLE users ENABLE ROW LEVEL SECURITY',
      );
      await close();
    }
  }, 120_000);
});
