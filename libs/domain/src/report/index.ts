export * from './report-figures';
export * from './report.module';
export * from './report.service';
