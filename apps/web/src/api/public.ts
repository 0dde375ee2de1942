import type { MentorCard, PublicCohort, SubmittedApplication } from '@app/contracts';
import { api } from './client';

/** The public routes the phone pages call: no token. */
export const publicApi = {
  openCohorts: () => api<PublicCohort[]>('GET', '/api/public/cohorts'),
  cohort: (cohortId: number) => api<PublicCohort>('GET', `/api/public/cohorts/${cohortId}`),
  mentors: (cohortId: number) => api<MentorCard[]>('GET', `/api/public/cohorts/${cohortId}/mentors`),
  apply: (cohortId: number, role: 'mentor' | 'student', body: object) =>
    api<SubmittedApplication>('POST', `/api/cohorts/${cohortId}/${role}-applications`, { body }),
};
