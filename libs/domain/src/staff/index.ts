export * from './cohort-scope';
export * from './cohort-scope.service';
export * from './personal-tokens.service';
export * from './sign-in.service';
export * from './staff.module';
export * from './staff.service';
