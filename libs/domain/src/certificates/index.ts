export * from './certificates.module';
export * from './certificates.service';
