export * from './cohorts.module';
export * from './cohorts.service';
