import { MentorApplication, StudentApplication } from '@app/database';
import { ContactCard, StudentCard } from '../notifications/messages';

export const studentCardOf = (student: StudentApplication): StudentCard => ({
  college: student.college,
  major: student.major,
  enrollmentYear: student.enrollmentYear,
  topics: student.topics,
  statement: student.statement,
});

export const studentContactOf = (student: StudentApplication): ContactCard => ({
  name: student.name,
  email: student.email,
  phone: null,
  headline: `${student.college} · ${student.major} · ${student.enrollmentYear}级`,
});

export const mentorContactOf = (mentor: MentorApplication): ContactCard => ({
  name: mentor.name,
  email: mentor.email,
  phone: mentor.phone,
  headline: `${mentor.organization} · ${mentor.title}`,
});

export const mentorSummaryOf = (mentor: MentorApplication) => ({
  id: mentor.id,
  displayName: mentor.name,
  organization: mentor.organization,
  title: mentor.title,
  industry: mentor.industry,
  city: mentor.city,
  topics: mentor.topics,
});
