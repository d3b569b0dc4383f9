import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearerClient } from './bearer-client';
import { createHttpTestApp, HttpTestAppOptions } from './http-test-app';
import { seedTwoTenants, studioToken, studioTokenFor, TwoTenants, TwoTenantsOptions } from './two-tenants';

/** The seeded people a suite can sign in to Studio. */
export type StudioCaller = 'operator' | 'adminA' | 'adminB' | 'authorA' | 'authorB';

export interface TwoTenantAppOptions extends TwoTenantsOptions, HttpTestAppOptions {
  /** Seeded people to sign in to Studio (the app must be Studio) once the tenants exist. */
  signIn?: readonly StudioCaller[];
}

/** An app a suite's `beforeAll` starts and its `afterAll` closes. */
export interface SuiteApp {
  readonly app: NestFastifyApplication;
  http(): ReturnType<typeof request>;
}

/**
 * Starts `module` with createHttpTestApp in `beforeAll` and closes it in `afterAll`; call it in a
 * `describe` body, and read `app` only inside tests and hooks.
 */
export function useHttpTestApp(module: Type<unknown>, options: HttpTestAppOptions = {}): SuiteApp {
  let app: NestFastifyApplication | undefined;
  const started = (): NestFastifyApplication => {
    if (!app) throw new Error(`${module.name} is read before its beforeAll ran`);
    return app;
  };
  beforeAll(async () => {
    app = await createHttpTestApp(module, options);
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    get app() {
      return started();
    },
    http: () => request(started().getHttpServer()),
  };
}

/** What a suite's `beforeAll` set up; read it inside tests and hooks, never at describe time. */
export interface TwoTenantApp extends SuiteApp {
  readonly dataSource: DataSource;
  /** The seeded tenants: the same object all along, filled in before the first test. */
  readonly t: TwoTenants;
  /** Studio tokens of the callers named in `signIn`. */
  readonly tokens: Readonly<Record<StudioCaller, string>>;
  /** Requests carrying a signed-in caller's token. */
  as(caller: StudioCaller): ReturnType<typeof bearerClient>;
  /** Requests carrying any other bearer token. */
  bearer(token: string): ReturnType<typeof bearerClient>;
}

/**
 * The e2e suites' common start: in `beforeAll`, the app on this file's database, two seeded
 * tenants (see seedTwoTenants) and the named Studio callers signed in through the real login; in
 * `afterAll`, the app closed. Call it in a `describe` body; hooks the suite registers after it
 * run after this set-up, so they can seed more.
 */
export function useTwoTenantApp(module: Type<unknown>, options: TwoTenantAppOptions = {}): TwoTenantApp {
  const t = {} as TwoTenants;
  const tokens = {} as Record<StudioCaller, string>;
  const started = useHttpTestApp(module, options);
  const suite: TwoTenantApp = {
    get app() {
      return started.app;
    },
    get dataSource() {
      return started.app.get(DataSource);
    },
    t,
    tokens,
    http: started.http,
    as: (caller) => {
      const token = tokens[caller];
      if (!token) throw new Error(`useTwoTenantApp: '${caller}' is not in signIn`);
      return bearerClient(started.app, token);
    },
    bearer: (token) => bearerClient(started.app, token),
  };

  beforeAll(async () => {
    Object.assign(t, await seedTwoTenants(started.app.get(DataSource), options));
    for (const caller of options.signIn ?? []) tokens[caller] = await signIn(started.app, t, caller);
  });

  return suite;
}

function signIn(app: NestFastifyApplication, t: TwoTenants, caller: StudioCaller): Promise<string> {
  switch (caller) {
    case 'operator':
      return studioToken(app, { email: t.operator.email, password: t.operator.password });
    case 'adminA':
      return studioTokenFor(t.a.admin, t.a, app);
    case 'adminB':
      return studioTokenFor(t.b.admin, t.b, app);
    case 'authorA':
      return studioTokenFor(t.a.author, t.a, app);
    case 'authorB':
      return studioTokenFor(t.b.author, t.b, app);
  }
}
