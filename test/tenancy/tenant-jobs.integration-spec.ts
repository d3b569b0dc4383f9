import { getQueueToken } from '@nestjs/bull';
import { TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Job, Queue } from 'bull';
import { User } from '@mtl/accounts';
import { createPlatformTestModule, inOrganization } from '@mtl/testing';
import { QueueModule, QueueName } from '@mtl/queue';
import { TenancyModule, TenantContext, TenantJobData, TenantJobs, TenantTransactions } from '@mtl/tenancy';
import { seedTwoOrganizations, TwoOrganizations, UsersProbeRepository } from './tenancy-fixture';

const PROBE_JOB = 'tenancy.probe';

describe('jobs carry their tenant', () => {
  let moduleRef: TestingModule;
  let context: TenantContext;
  let transactions: TenantTransactions;
  let jobs: TenantJobs;
  let queue: Queue;
  let orgs: TwoOrganizations;
  let handled: { organizationIds: number[]; setting: string }[];

  beforeAll(async () => {
    moduleRef = await createPlatformTestModule({
      imports: [QueueModule.forRoot(), TenancyModule, TypeOrmModule.forFeature([User])],
      providers: [UsersProbeRepository],
    });
    context = moduleRef.get(TenantContext);
    transactions = moduleRef.get(TenantTransactions);
    jobs = moduleRef.get(TenantJobs);
    queue = moduleRef.get<Queue>(getQueueToken(QueueName.System));
    orgs = await seedTwoOrganizations();
    const users = moduleRef.get(UsersProbeRepository);
    handled = [];
    // What the worker does for a tenant job: re-enter the tenant, then touch data.
    void queue.process(PROBE_JOB, (job: Job<TenantJobData<{ note: string }>>) =>
      jobs.process(job, async () => {
        const seen = await users.find();
        const [row] = await transactions.run((m) => m.query(`SELECT current_setting('mtl.writable_org', true) AS w`));
        handled.push({ organizationIds: seen.map((u) => u.organizationId), setting: row.w });
        return seen.length;
      }),
    );
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  it('adds the job only after the surrounding transaction commits, with the tenant in its payload', async () => {
    let jobId = '';
    await inOrganization(context, orgs.a.id, () =>
      transactions.run(async () => {
        jobId = await jobs.enqueue(queue, PROBE_JOB, { note: 'after commit' });
        expect(await queue.getJob(jobId)).toBeNull();
      }),
    );
    const job = await queue.getJob(jobId);
    expect(job?.data.tenant).toMatchObject({ readable: [orgs.a.id], writable: orgs.a.id });
    expect(await job!.finished()).toBe(1);
    expect(handled.at(-1)).toEqual({ organizationIds: [orgs.a.id], setting: String(orgs.a.id) });
  });

  it('never adds the job when the transaction rolls back', async () => {
    let jobId = '';
    await expect(
      inOrganization(context, orgs.a.id, () =>
        transactions.run(async () => {
          jobId = await jobs.enqueue(queue, PROBE_JOB, { note: 'rolled back' });
          throw new Error('rollback');
        }),
      ),
    ).rejects.toThrow('rollback');
    expect(await queue.getJob(jobId)).toBeNull();
  });

  it('runs in the worker inside its own organization only', async () => {
    const jobId = await inOrganization(context, orgs.b.id, () => jobs.enqueue(queue, PROBE_JOB, { note: 'org b' }));
    await (await queue.getJob(jobId))!.finished();
    expect(handled.at(-1)).toEqual({ organizationIds: [orgs.b.id], setting: String(orgs.b.id) });
  });

  it('fails visibly, touching nothing, when a job that needs a tenant has none', async () => {
    const before = handled.length;
    const job = await queue.add(PROBE_JOB, { note: 'no tenant', tenant: null }, { attempts: 1 });
    await expect(job.finished()).rejects.toThrow(/No organization in the current context/);
    expect(handled.length).toBe(before);
    expect(await (await queue.getJob(job.id))!.getState()).toBe('failed');
  });
});
