import { ConsentVersion, ReviewDecisionValue } from '@app/contracts';

export interface MentorApplicationInput {
  name: string;
  email: string;
  phone?: string | null;
  graduationYear: number;
  department: string;
  major: string;
  industry: string;
  organization: string;
  title: string;
  city: string;
  topics: string[];
  capacity: number;
  bio: string;
  languages?: string[];
  consent: boolean;
  consentVersion: ConsentVersion;
}

export interface StudentApplicationInput {
  name: string;
  email: string;
  studentNumber: string;
  college: string;
  major: string;
  enrollmentYear: number;
  city: string;
  topics: string[];
  industries: string[];
  statement: string;
  choices: number[];
  consent: boolean;
  consentVersion: ConsentVersion;
}

export interface ReviewDecision {
  ids: number[];
  decision: ReviewDecisionValue;
  note?: string;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
