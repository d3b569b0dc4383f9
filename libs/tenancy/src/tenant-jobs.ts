import { Injectable } from '@nestjs/common';
import type { Job, JobOptions, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { withinRedisDeadline } from '@mtl/queue';
import { TenantContextMissingError } from './tenancy.error';
import { TenantContext } from './tenant-context';
import type { SerializedTenant } from './tenant-scope';
import { TenantTransactions } from './tenant-transactions';

/** Every tenant job's payload: its own data plus the tenant it belongs to. */
export type TenantJobData<T> = T & { tenant: SerializedTenant | null };

/**
 * Jobs carry their tenant. `enqueue` adds the current context (organization ids, site, request
 * id) to the payload and adds the job only after the surrounding transaction commits, so a
 * worker never sees a job whose rows were rolled back. `process` re-enters that context and its
 * transaction before the job touches data; a job that needs a tenant and has none fails.
 */
@Injectable()
export class TenantJobs {
  constructor(
    private readonly context: TenantContext,
    private readonly transactions: TenantTransactions,
  ) {}

  /** Returns the job id at once; the job is added after commit. */
  async enqueue<T extends object>(queue: Queue, name: string, data: T, options: JobOptions = {}): Promise<string> {
    const { jobId, add } = this.prepare(queue, name, data, options);
    await this.transactions.afterCommit(add);
    return jobId;
  }

  /**
   * Adds the job now, inside the surrounding transaction: for a job that reads no row the
   * transaction writes (a backfill reads the database as it is when it runs), where what must
   * not happen is the opposite, a committed record of a job that was never queued. A queue that
   * cannot be reached throws here, and the transaction rolls back with it (docs/adr/0012).
   */
  async enqueueNow<T extends object>(queue: Queue, name: string, data: T, options: JobOptions = {}): Promise<string> {
    const { jobId, add } = this.prepare(queue, name, data, options);
    // A Redis gone silent would hold the add, and this transaction, until it answers again: ask it
    // first, with a deadline, so that nothing is sent unless it answers. The add itself gets none:
    // one that fired after Redis had taken the job would leave a job without its record.
    await withinRedisDeadline('a ping before queuing a job', queue.client.ping());
    await add();
    return jobId;
  }

  private prepare<T extends object>(queue: Queue, name: string, data: T, options: JobOptions) {
    const jobId = options.jobId !== undefined ? String(options.jobId) : randomUUID();
    const payload: TenantJobData<T> = { ...data, tenant: this.context.active ? this.context.serialize() : null };
    return { jobId, add: () => queue.add(name, payload, { ...options, jobId }) };
  }

  /**
   * Runs a job's handler inside its tenant's context and one transaction. A job that commits in
   * chunks of its own (a long backfill, resumable after a crash) asks for `transaction: false`;
   * each of its chunks then runs in a transaction of its own, in the same context.
   */
  process<T, R>(
    job: Job<TenantJobData<T>>,
    handler: (data: T) => Promise<R>,
    options: { requireTenant: boolean; transaction?: boolean } = { requireTenant: true },
  ): Promise<R> {
    return this.context.runInNewContext(async () => {
      const tenant = job.data.tenant;
      if (options.requireTenant && (!tenant || tenant.readable.length === 0)) {
        throw new TenantContextMissingError(`job ${job.name} (${String(job.id)}): its payload names no organization`);
      }
      if (tenant) this.context.restore(tenant);
      return options.transaction === false ? handler(job.data) : this.transactions.run(() => handler(job.data));
    });
  }
}
