import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { hostname } from 'node:os';
import { JobName, JobPayloads, JobResults, QueueName } from '@mtl/queue';

/** Platform plumbing jobs. `ping` proves end to end that producers reach a running worker. */
@Processor(QueueName.System)
export class SystemProcessor {
  @Process(JobName.Ping)
  ping(job: Job<JobPayloads[JobName.Ping]>): JobResults[JobName.Ping] {
    return { worker: hostname(), pid: process.pid, sentAt: job.data.sentAt, receivedAt: new Date().toISOString() };
  }
}
