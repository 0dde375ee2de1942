import type { ApplicationStatus, CohortStatus, MatchStatus } from '@app/contracts';

/** How each status looks: green once it is good news, amber while someone still has to act, grey once over. */
export const APPLICATION_TONE: Record<ApplicationStatus, 'ok' | 'warn' | 'danger' | 'muted'> = {
  submitted: 'warn', approved: 'ok', rejected: 'danger', withdrawn: 'muted',
};
export const COHORT_TONE: Record<CohortStatus, 'ok' | 'warn' | 'muted' | 'brand'> = {
  draft: 'muted', open: 'ok', closed: 'brand', archived: 'muted',
};
export const MATCH_TONE: Record<MatchStatus, 'ok' | 'warn' | 'danger' | 'muted' | 'brand'> = {
  proposed: 'warn', accepted: 'ok', declined: 'danger', expired: 'muted', cancelled: 'muted', ended: 'muted', completed: 'brand',
};
