export * from './queue-names';
export * from './queue.module';
export * from './redis-connection.factory';
export * from './redis-deadline';
