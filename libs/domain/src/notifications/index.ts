export * from './messages';
export * from './notification-sender.service';
export * from './notifications.service';
export * from './templates';
