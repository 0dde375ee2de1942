import type { MentorSummary } from '@app/contracts';

/** The mentor of an id among those GET /api/me names, or null when they are no longer in the cohort. */
export function mentorOf(mentors: MentorSummary[], id: number): MentorSummary | null {
  return mentors.find((mentor) => mentor.id === id) ?? null;
}
