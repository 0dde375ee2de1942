/** What anyone may see of an approved mentor: no email, no phone. */
export interface MentorCard {
  id: number;
  displayName: string;
  graduationYear: number;
  department: string;
  major: string;
  industry: string;
  organization: string;
  title: string;
  city: string;
  topics: string[];
  bio: string;
  remainingCapacity: number;
}
