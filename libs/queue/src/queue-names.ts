/**
 * Queue and job names, shared by the producers (HTTP apps, CLI) and the consumer (worker).
 * Each job name maps to its payload type in `JobPayloads`, so both sides type-check together.
 */
export enum QueueName {
  System = 'system',
}

export enum JobName {
  /** Round trip through the queue: the worker answers with its identity (used by health and tests). */
  Ping = 'system.ping',
}

export interface JobPayloads {
  [JobName.Ping]: { sentAt: string };
}

export interface JobResults {
  [JobName.Ping]: { worker: string; pid: number; sentAt: string; receivedAt: string };
}
