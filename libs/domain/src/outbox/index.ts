export * from './outbox.service';
