import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bull';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BackfillJobProgress, JobName, QueueName } from '@mtl/queue';
import { TenantContext, TenantJobs } from '@mtl/tenancy';
import {
  asDatabaseOwner,
  createHttpTestApp,
  seedTwoTenants,
  studioToken,
  studioTokenFor,
  TwoTenants,
} from '@mtl/testing';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';

const root = path.resolve(__dirname, '../..');

async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A worker as production runs it: its own process, killable. */
function startWorkerProcess(): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', path.join(root, 'apps/worker/src/main.ts')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
}

describe('the backfill as a job', () => {
  let studio: NestFastifyApplication;
  let t: TwoTenants;
  let operator: string;

  const http = () => request(studio.getHttpServer());
  const post = (token: string, body: unknown) =>
    http()
      .post('/api/admin/backfill')
      .set('authorization', `Bearer ${token}`)
      .send(body as object);
  const status = (token: string, id: string) =>
    http().get(`/api/admin/jobs/${id}`).set('authorization', `Bearer ${token}`);

  beforeAll(async () => {
    studio = await createHttpTestApp(StudioModule);
    t = await seedTwoTenants(studio.get(DataSource));
    operator = await studioToken(studio, { email: t.operator.email, password: t.operator.password });
  });

  afterAll(async () => {
    await studio?.close();
  });

  describe('through Studio, run by a worker', () => {
    let worker: INestApplicationContext;

    beforeAll(async () => {
      worker = await (await Test.createTestingModule({ imports: [WorkerModule] }).compile()).init();
    });

    afterAll(async () => {
      await worker?.close();
    });

    const finished = (id: string) =>
      until(async () => {
        const res = await status(operator, id).expect(200);
        return ['completed', 'failed'].includes(res.body.state as string) ? res.body : undefined;
      }, 30_000);

    it('dry-runs (202, then a report) and writes nothing', async () => {
      const keys = [
        'course-v1:NewOrg+C1+R',
        'NewOrg/C2/R',
        'library-v1:LibOnly+lib',
        'not a key',
        `course-v1:${t.a.shortName.toLowerCase()}+C9+R`,
      ];
      const accepted = await post(operator, { apply: false, inactive: false, keys }).expect(202);
      expect(accepted.body.status_url).toBe(`/api/admin/jobs/${accepted.body.job_id}`);
      const job = await finished(accepted.body.job_id as string);
      expect(job).toMatchObject({ state: 'completed', progress: { processed: 5, total: 5 } });
      expect(job.result).toMatchObject({
        applied: false,
        invalid: { count: 1, first: [{ line: 4, key: 'not a key' }] },
        organizations: { created: 2 },
        links: { created: 3 },
      });
      expect(await asDatabaseOwner(`SELECT 1 FROM organizations WHERE short_name IN ('NewOrg', 'LibOnly')`)).toEqual(
        [],
      );
    });

    it('applies, linking courses (not libraries) to existing organizations case-insensitively', async () => {
      const keys = [
        'course-v1:NewOrg+C1+R',
        'NewOrg/C2/R',
        'library-v1:LibOnly+lib',
        `course-v1:${t.a.shortName.toLowerCase()}+C9+R`,
      ];
      const job = await finished(
        (await post(operator, { apply: true, inactive: false, keys }).expect(202)).body.job_id as string,
      );
      expect(job.state).toBe('completed');
      expect(job.result).toMatchObject({ applied: true, organizations: { created: 2 }, links: { created: 3 } });
      const links = await asDatabaseOwner<{ short_name: string; course_id: string }>(
        `SELECT o.short_name, c.course_id FROM organization_courses c JOIN organizations o ON ` +
          `o.id = c.organization_id ORDER BY 2`,
      );
      expect(links).toEqual([
        { short_name: 'NewOrg', course_id: 'NewOrg/C2/R' },
        { short_name: 'NewOrg', course_id: 'course-v1:NewOrg+C1+R' },
        { short_name: t.a.shortName, course_id: `course-v1:${t.a.shortName.toLowerCase()}+C9+R` },
      ]);
      const again = await finished(
        (await post(operator, { apply: true, inactive: false, keys }).expect(202)).body.job_id as string,
      );
      expect(again.result).toMatchObject({
        organizations: { created: 0, reactivated: 0 },
        links: { created: 0, reactivated: 0 },
      });
    });

    it(
      'reads every course run and library of the database, of every organization, when no ' + 'keys are given',
      async () => {
        // Both organizations hold course runs and libraries: the read spans them all (audited, cross-organization).
        for (const tenant of [t.a, t.b]) {
          await asDatabaseOwner(
            `INSERT INTO course_runs (organization_id, course_key, display_name) VALUES ($1, $2, 'From the database')`,
            [tenant.id, `course-v1:${tenant.shortName}+FromDb+R`],
          );
          await asDatabaseOwner(`INSERT INTO libraries (organization_id, library_key, title) VALUES ($1, $2, 'Lib')`, [
            tenant.id,
            `library-v1:${tenant.shortName}+FromDbLib`,
          ]);
        }
        const job = await finished(
          (await post(operator, { apply: true, inactive: false }).expect(202)).body.job_id as string,
        );
        // Libraries create missing organizations only, never links (as with keys given).
        expect(job).toMatchObject({ state: 'completed', result: { applied: true, links: { created: 2 } } });
        for (const tenant of [t.a, t.b]) {
          expect(
            await asDatabaseOwner(`SELECT organization_id FROM organization_courses WHERE course_id = $1`, [
              `course-v1:${tenant.shortName}+FromDb+R`,
            ]),
          ).toEqual([{ organization_id: tenant.id }]);
        }
      },
    );

    it('refuses bad requests with the field named, and non-operators', async () => {
      expect(
        (await post(operator, { apply: 'yes', inactive: false, keys: ['x'] }).expect(400)).body.details[0].field,
      ).toBe('apply');
      expect((await post(operator, { apply: true, inactive: false, keys: [] }).expect(400)).body.details[0].field).toBe(
        'keys',
      );
      const admin = await studioTokenFor(t.a.admin, t.a, studio);
      await post(admin, { apply: false, inactive: false, keys: ['course-v1:X+Y+Z'] }).expect(403);
      await status(operator, 'not-a-uuid').expect(400);
      await status(operator, '00000000-0000-4000-8000-000000000000').expect(404);
    });
  });

  it('finishes a job whose worker was killed midway, with no duplicate rows and nothing lost', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `course-v1:Bulk${i % 40}+C${i}+R`);
    const probe = await (await Test.createTestingModule({ imports: [WorkerModule] }).compile()).init();
    const queue = probe.get<Queue>(getQueueToken(QueueName.Operations));
    const context = probe.get(TenantContext);
    // A separate module only to enqueue (its own worker is paused, so it never takes the job).
    await queue.pause(true);
    const jobId = await context.runInNewContext(() =>
      probe
        .get(TenantJobs)
        .enqueue(
          queue,
          JobName.Backfill,
          { apply: true, inactive: false, keys, requestedBy: 'test', chunkSize: 500 },
          { attempts: 5 },
        ),
    );
    let first: ChildProcess | undefined = startWorkerProcess();
    let second: ChildProcess | undefined;
    try {
      const progressOf = async () => (await queue.getJob(jobId))!.progress() as BackfillJobProgress | number;
      const midway = await until(async () => {
        const p = await progressOf();
        return typeof p === 'object' && p.processed > 0 ? p : undefined;
      }, 60_000);
      first.kill('SIGKILL');
      first = undefined;
      expect(midway.processed).toBeLessThan(keys.length);
      second = startWorkerProcess();
      await until(
        async () => ((await (await queue.getJob(jobId))!.getState()) === 'completed' ? true : undefined),
        90_000,
      );
      const done = (await queue.getJob(jobId))!;
      expect(done.progress()).toMatchObject({ processed: keys.length, total: keys.length });
      const [{ links, distinct }] = await asDatabaseOwner<{ links: number; distinct: number }>(
        `SELECT count(*)::int AS links, count(DISTINCT course_id)::int AS distinct FROM ` +
          `organization_courses WHERE course_id LIKE 'course-v1:Bulk%'`,
      );
      expect(links).toBe(keys.length);
      expect(distinct).toBe(keys.length);
      const [{ orgs }] = await asDatabaseOwner<{ orgs: number }>(
        `SELECT count(*)::int AS orgs FROM organizations WHERE short_name LIKE 'Bulk%'`,
      );
      expect(orgs).toBe(40);
    } finally {
      first?.kill('SIGKILL');
      second?.kill('SIGKILL');
      await probe.close();
    }
  }, 180_000);
});
