import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bull';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { AppConfigModule } from '@mtl/config';
import { JobName, JobResults, QueueModule, QueueName } from '@mtl/queue';

describe('queues: producers enqueue, the worker consumes', () => {
  let worker: INestApplicationContext;
  let producer: INestApplicationContext;

  beforeAll(async () => {
    worker = await NestFactoryless(WorkerModule);
    producer = await (
      await Test.createTestingModule({ imports: [AppConfigModule.forRoot(), QueueModule.forRoot()] }).compile()
    ).init();
  });

  afterAll(async () => {
    await producer?.close();
    await worker?.close();
  });

  it('runs a job enqueued by another process role and returns its result', async () => {
    const queue = producer.get<Queue>(getQueueToken(QueueName.System));
    const job = await queue.add(JobName.Ping, { sentAt: new Date().toISOString() });
    const result = (await job.finished()) as JobResults[JobName.Ping];
    expect(result.pid).toBe(process.pid);
    expect(result.sentAt).toBe(job.data.sentAt);
  });

  it("keeps its keys under this test file's Redis prefix", async () => {
    const queue = producer.get<Queue>(getQueueToken(QueueName.System));
    const job = await queue.add(JobName.Ping, { sentAt: new Date().toISOString() });
    await job.finished();
    const keys = await queue.client.keys(`${process.env.REDIS_KEY_PREFIX}:bull:${QueueName.System}:*`);
    expect(keys).toContain(`${process.env.REDIS_KEY_PREFIX}:bull:${QueueName.System}:${job.id}`);
  });
});

/** The worker as main.ts builds it, minus the HTTP-less bootstrap details. */
async function NestFactoryless(module: typeof WorkerModule): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  return moduleRef.init();
}
