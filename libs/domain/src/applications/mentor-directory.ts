import { MentorApplication } from '@app/database';

/** What anyone may see of an approved mentor: no email, no phone. */
export type MentorCard = Pick<
  MentorApplication,
  'id' | 'graduationYear' | 'department' | 'major' | 'industry' | 'organization' | 'title' | 'city' | 'topics' | 'bio'
> & { displayName: string; remainingCapacity: number };
