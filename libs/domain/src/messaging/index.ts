export * from './jobs';
export * from './messaging.module';
export * from './offer-jobs-recovery.service';
export * from './outbox.service';
export * from './queues';
export * from './queues.module';
export * from './rate-limiter.service';
