import type { MentorApplicationView, StudentApplicationView } from '@app/contracts';

export type AnyApplication = MentorApplicationView | StudentApplicationView;

export function isStudent(application: AnyApplication): application is StudentApplicationView {
  return 'studentNumber' in application;
}

/** The line the table shows beside the name: where a mentor works, or what a student studies. */
export function applicationSummary(application: AnyApplication): string {
  return isStudent(application)
    ? `${application.college} · ${application.major} · ${application.enrollmentYear}`
    : `${application.organization} · ${application.title} · ${application.city}`;
}

/** Everything the table's search looks in. */
export function applicationTexts(application: AnyApplication): string[] {
  const common = [application.name, application.email, application.major, application.city, ...application.topics, `#${application.id}`];
  return isStudent(application)
    ? [...common, application.studentNumber, application.college, ...application.industries]
    : [...common, application.organization, application.title, application.department, application.industry];
}
