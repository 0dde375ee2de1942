export * from './resend-link.service';
export * from './self-service.module';
