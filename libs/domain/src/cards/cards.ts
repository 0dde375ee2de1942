import { ContactCard, MentorCard, MentorSummary, StudentCard } from '@app/contracts';
import { MentorApplication, StudentApplication } from '@app/database';

/**
 * What each audience may see of a person. Anyone: a mentor's public card. A mentor before accepting: the
 * student's card. Both sides once the mentor accepted: the other's contact. Nothing else leaves the database.
 */

export const mentorCardOf = (mentor: MentorApplication, remainingCapacity: number): MentorCard => ({
  id: mentor.id,
  displayName: mentor.name,
  graduationYear: mentor.graduationYear,
  department: mentor.department,
  major: mentor.major,
  industry: mentor.industry,
  organization: mentor.organization,
  title: mentor.title,
  city: mentor.city,
  topics: mentor.topics,
  languages: mentor.languages,
  bio: mentor.bio,
  remainingCapacity,
});

export const mentorSummaryOf = (mentor: MentorApplication): MentorSummary => ({
  id: mentor.id,
  displayName: mentor.name,
  organization: mentor.organization,
  title: mentor.title,
  industry: mentor.industry,
  city: mentor.city,
  topics: mentor.topics,
});

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
