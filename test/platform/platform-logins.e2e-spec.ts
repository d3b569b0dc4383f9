/**
 * Issue 10's "done when": while the platform runs, pg_stat_activity shows no connection of its
 * held by a superuser or a BYPASSRLS role. LMS and Studio start as `npm start` builds them
 * (NestFactory, abortOnError, every root hook: see start-http-app.e2e-spec.ts) and the worker as
 * its main.ts does; each migrates at start-up as the owner (DATABASE_MIGRATE_ON_START), a
 * connection that must be closed before the pools open.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configurePlatformHttpApp } from '@mtl/app-core';
import { createFastifyAdapter } from '@mtl/http';
import { asDatabaseOwner } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';

interface Connection {
  application_name: string;
  login: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
}

describe('the running platform’s database connections', () => {
  const apps: INestApplicationContext[] = [];
  let connections: Connection[];

  beforeAll(async () => {
    const saved = process.env.DATABASE_MIGRATE_ON_START;
    process.env.DATABASE_MIGRATE_ON_START = 'true';
    try {
      for (const module of [LmsModule, StudioModule]) {
        const app = await NestFactory.create<NestFastifyApplication>(
          module,
          createFastifyAdapter({ trustProxy: false }),
          { logger: false },
        );
        apps.push(app);
        configurePlatformHttpApp(app, { title: 'test', description: 'test', trustProxy: false });
        await app.init();
        await app.getHttpAdapter().getInstance().ready();
        const health = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health' });
        expect(health.statusCode).toBe(200);
      }
      const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
      apps.push(worker);
      await worker.init();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_MIGRATE_ON_START;
      else process.env.DATABASE_MIGRATE_ON_START = saved;
    }
    // Every connection to this test's database but the one asking, whoever opened it.
    connections = await asDatabaseOwner<Connection>(
      `SELECT a.application_name, a.usename AS login, r.rolsuper, r.rolbypassrls
         FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid
        WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
        ORDER BY a.application_name`,
    );
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
  });

  it('are there: each app holds its request pool and its cross-organization pool', () => {
    const names = new Set(connections.map((c) => c.application_name));
    for (const app of ['mtl-lms', 'mtl-studio', 'mtl-worker'])
      for (const pool of [app, `${app}-cross-org`]) expect(names).toContain(pool);
  });

  it('none is held by a superuser or a BYPASSRLS role: only mtl_app and mtl_cross_org', () => {
    expect(connections.filter((c) => c.rolsuper || c.rolbypassrls)).toEqual([]);
    expect(new Set(connections.map((c) => c.login))).toEqual(new Set(['mtl_app', 'mtl_cross_org']));
    for (const c of connections)
      expect([c.application_name, c.login]).toEqual([
        c.application_name,
        c.application_name.endsWith('-cross-org') ? 'mtl_cross_org' : 'mtl_app',
      ]);
  });

  it('the owner’s migration connection was closed once the migrations had run', () => {
    expect(connections.filter((c) => c.application_name.endsWith('-migrate'))).toEqual([]);
  });
});
