export * from './application-inputs';
export * from './application-review.service';
export * from './applications.module';
export { CHOICES_REPEAT_MESSAGE } from './choices';
export * from './mentor-applications.service';
export * from './student-applications.service';
