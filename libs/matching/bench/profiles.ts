import type { MentorProfile, StudentProfile } from '../src';
import { seededRandom } from './random';

const TOPICS = Array.from({ length: 60 }, (_, i) => `topic-${i}`);
const INDUSTRIES = Array.from({ length: 20 }, (_, i) => `industry-${i}`);
const MAJORS = Array.from({ length: 40 }, (_, i) => `major-${i}`);
const COLLEGES = Array.from({ length: 8 }, (_, i) => `college-${i}`);
const CITIES = Array.from({ length: 12 }, (_, i) => `city-${i}`);

/** A cohort of random but plausible profiles, for timing buildPreferences. */
export function generateProfiles(studentCount: number, mentorCount: number, maxChoices: number, seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  const some = <T>(values: T[], count: number) => [...new Set(Array.from({ length: count }, () => pick(values)))];
  const mentors: MentorProfile[] = Array.from({ length: mentorCount }, (_, m) => ({
    id: `m${m}`,
    capacity: Math.floor(random() * 6),
    topics: some(TOPICS, 1 + Math.floor(random() * 5)),
    industry: pick(INDUSTRIES),
    department: pick(COLLEGES),
    major: pick(MAJORS),
    city: pick(CITIES),
  }));
  const students: StudentProfile[] = Array.from({ length: studentCount }, (_, s) => ({
    id: `s${s}`,
    topics: some(TOPICS, 1 + Math.floor(random() * 5)),
    industries: some(INDUSTRIES, 1 + Math.floor(random() * 3)),
    major: pick(MAJORS),
    college: pick(COLLEGES),
    city: pick(CITIES),
    choices: some(mentors, Math.floor(random() * (maxChoices + 1))).map((mentor) => mentor.id),
  }));
  return { students, mentors };
}
