export * from './applicant-tokens.service';
export * from './application-inputs';
export * from './application-review.service';
export * from './me.service';
export * from './mentor-applications.service';
export * from './mentor-directory';
export * from './student-applications.service';
