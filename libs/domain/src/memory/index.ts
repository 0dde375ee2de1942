export * from './applicant-history.service';
export * from './memory.module';
export * from './prefill.service';
