export * from './program-report.module';
export * from './program-report.service';
