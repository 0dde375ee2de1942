export * from './applicant-tokens.service';
export * from './check-in-tokens.service';
export * from './coordinators.service';
export * from './identity.module';
export * from './staff-sessions.service';
