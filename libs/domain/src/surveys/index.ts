export * from './survey-responses.service';
export * from './survey-results.service';
export * from './survey-stats';
export * from './surveys.module';
export * from './surveys.service';
