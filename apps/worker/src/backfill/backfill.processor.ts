import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { Readable } from 'node:stream';
import { BackfillService } from '@mtl/backfill';
import { BackfillJobProgress, BackfillJobSummary, JobName, JobPayloads, QueueName } from '@mtl/queue';
import { TenantJobData, TenantJobs } from '@mtl/tenancy';
import { addSummaries, summaryOf } from './backfill-summary';

type BackfillJob = Job<TenantJobData<JobPayloads[JobName.Backfill]>>;

/**
 * Operators' backfill, in chunks: each chunk is one committed transaction, after which the job
 * records how far it got. A worker killed midway leaves a stalled job that another worker takes
 * up from the last recorded chunk; re-running a chunk writes nothing twice (every write is
 * `ON CONFLICT DO NOTHING` or reactivates only what is inactive). A dry run reads everything
 * in one pass, since what it reports depends on all the keys together.
 */
@Processor(QueueName.Operations)
export class BackfillProcessor {
  private readonly logger = new Logger('BackfillJob');

  constructor(
    private readonly jobs: TenantJobs,
    private readonly backfill: BackfillService,
  ) {}

  @Process({ name: JobName.Backfill, concurrency: 1 })
  run(job: BackfillJob): Promise<BackfillJobSummary> {
    // Cross-organization by nature (no tenant in its payload): the service audits its access.
    return this.jobs.process(job, (data) => this.process(job, data), { requireTenant: false, transaction: false });
  }

  private async process(job: BackfillJob, data: JobPayloads[JobName.Backfill]): Promise<BackfillJobSummary> {
    const actor = `job ${String(job.id)} for ${data.requestedBy}`;
    if (data.keys === null || !data.apply) {
      // One pass: the database listing (idempotent, so a retry after a crash redoes it safely),
      // or a dry run, whose report depends on all the keys together.
      const options = { apply: data.apply, inactive: data.inactive, actor };
      const result =
        data.keys === null
          ? await this.backfill.runFromDatabase(options)
          : await this.backfill.run(Readable.from(data.keys.join('\n')), options);
      await job.progress({
        processed: result.lines,
        total: result.lines,
        summary: summaryOf(result, 0),
      } satisfies BackfillJobProgress);
      return summaryOf(result, 0);
    }
    const keys = data.keys;
    const total = keys.length;
    const saved = job.progress() as BackfillJobProgress | number;
    let processed = typeof saved === 'object' && saved ? saved.processed : 0;
    let summary = typeof saved === 'object' && saved ? saved.summary : null;
    if (processed > 0)
      this.logger.log({ jobId: job.id, processed, total }, 'resuming a backfill after an interruption');
    while (processed < total) {
      const chunk = keys.slice(processed, processed + data.chunkSize);
      const result = await this.backfill.run(Readable.from(chunk.join('\n')), {
        apply: true,
        inactive: data.inactive,
        actor,
      });
      summary = addSummaries(summary, summaryOf(result, processed));
      processed += chunk.length;
      await job.progress({ processed, total, summary } satisfies BackfillJobProgress);
    }
    return (
      summary ??
      summaryOf(await this.backfill.run(Readable.from(''), { apply: true, inactive: data.inactive, actor }), 0)
    );
  }
}
