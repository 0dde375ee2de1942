export * from './audit-describe';
export * from './audit.module';
export * from './audit.service';
