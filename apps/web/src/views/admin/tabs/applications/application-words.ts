import type { MentorApplicationView, StudentApplicationView, WithHistory } from '@app/contracts';

/** A row of the coordinators' lists: the application with the person's earlier cohorts (DESIGN §10). */
export type AnyApplication = WithHistory<MentorApplicationView> | WithHistory<StudentApplicationView>;

export function isStudent(application: AnyApplication): application is WithHistory<StudentApplicationView> {
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
