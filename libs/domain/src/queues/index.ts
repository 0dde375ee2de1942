export * from './queues';
export * from './queues.module';
