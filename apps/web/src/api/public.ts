import type { MentorCard, PublicCohort, SubmittedApplication } from '@app/contracts';
import { api } from './client';

/** The public routes the phone pages call: no token. */
export const publicApi = {
  openCohorts: () => api<PublicCohort[]>('GET', '/api/public/cohorts'),
  /** Open, closed and archived: every cohort someone may have applied to. */
  announcedCohorts: () => api<PublicCohort[]>('GET', '/api/public/announced-cohorts'),
  cohort: (cohortId: number) => api<PublicCohort>('GET', `/api/public/cohorts/${cohortId}`),
  mentors: (cohortId: number) => api<MentorCard[]>('GET', `/api/public/cohorts/${cohortId}/mentors`),
  apply: (cohortId: number, role: 'mentor' | 'student', body: object) =>
    api<SubmittedApplication>('POST', `/api/cohorts/${cohortId}/${role}-applications`, { body }),
  /** 202 for every address: the answer never says whether it applied. */
  resendLink: (cohortId: number, email: string) => api<Record<string, never>>('POST', `/api/public/cohorts/${cohortId}/resend-link`, { body: { email } }),
};
