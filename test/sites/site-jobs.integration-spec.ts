import { getQueueToken } from '@nestjs/bull';
import { TestingModule } from '@nestjs/testing';
import type { Job, Queue } from 'bull';
import { createPlatformTestModule } from '@mtl/testing';
import { QueueModule, QueueName } from '@mtl/queue';
import { SiteConfigurationHelpers, SiteRegistry, SiteRegistryModule } from '@mtl/sites';
import { TenancyModule, TenantContext, TenantJobData, TenantJobs } from '@mtl/tenancy';
import { seedTenantSite } from './sites-fixture';

const JOB = 'sites.probe';

describe('the configuration helpers inside a background job', () => {
  let moduleRef: TestingModule;
  let queue: Queue;

  beforeAll(async () => {
    await seedTenantSite('MITx', 'mitx.jobs.test', {
      platform_name: 'MITx Online',
      REGISTRATION_EXTRA_FIELDS: { gender: 'hidden' },
    });
    moduleRef = await createPlatformTestModule({ imports: [QueueModule.forRoot(), TenancyModule, SiteRegistryModule] });
    queue = moduleRef.get<Queue>(getQueueToken(QueueName.System));
    const jobs = moduleRef.get(TenantJobs);
    const helpers = moduleRef.get(SiteConfigurationHelpers);
    void queue.process(JOB, (job: Job<TenantJobData<object>>) =>
      jobs.process(
        job,
        () =>
          Promise.resolve({
            platformName: helpers.platformName(),
            fields: helpers.getValue('REGISTRATION_EXTRA_FIELDS', { city: 'required', gender: 'required' }),
            orgs: helpers.getCurrentSiteOrgs(),
            title: helpers.pageTitleBreadcrumbs('Dashboard'),
          }),
        { requireTenant: false },
      ),
    );
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  it("reads the site the job was enqueued from, not the worker's", async () => {
    const context = moduleRef.get(TenantContext);
    const site = moduleRef.get(SiteRegistry).resolve('mitx.jobs.test');
    const jobId = await context.runInNewContext(() => {
      context.setSite(site.id);
      context.restrictReadTo(site.readableOrganizationIds);
      return moduleRef.get(TenantJobs).enqueue(queue, JOB, {});
    });
    const result = await (await queue.getJob(jobId))!.finished();
    expect(result).toEqual({
      platformName: 'MITx Online',
      fields: { city: 'required', gender: 'hidden' },
      orgs: ['MITx'],
      title: 'Dashboard | MITx Online',
    });
  });

  it('has no site, and so only defaults, when the job carries none', async () => {
    const job = await queue.add(JOB, { tenant: null });
    expect(await job.finished()).toEqual({
      platformName: 'Open Multi-tenant LMS',
      fields: { city: 'required', gender: 'required' },
      orgs: null,
      title: 'Dashboard | Open Multi-tenant LMS',
    });
  });
});
