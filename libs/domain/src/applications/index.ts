export * from './application-edits.service';
export * from './application-inputs';
export * from './application-review.service';
export * from './applications.module';
export { CHOICES_REPEAT_MESSAGE } from './choices';
export type { DetailsEdit, MentorDetailsEdit, StudentDetailsEdit } from './details-edit';
export * from './mentor-applications.service';
export * from './student-applications.service';
