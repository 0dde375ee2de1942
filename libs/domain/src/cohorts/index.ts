export * from './cohorts.service';
