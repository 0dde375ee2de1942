import type { ApplicationPrefill, DeclineReason, DetailsEditResult, EraseResult, MeProfile, PublicCohort, WithdrawResult } from '@app/contracts';
import { api, download } from './client';

/**
 * The applicant's own routes (`/api/me/*`). The personal token rides only in the Authorization header: never in a
 * URL, a query or a body.
 */
export function meApi(token: string) {
  return {
    profile: (signal?: AbortSignal) => api<MeProfile>('GET', '/api/me', { token, signal }),
    /** Only the fields sent change; the API checks them against the token's role (DESIGN §9). */
    editDetails: (details: Record<string, unknown>) => api<DetailsEditResult>('PATCH', '/api/me', { token, body: details }),
    replaceChoices: (choices: number[]) => api<{ choices: number[] }>('PUT', '/api/me/choices', { token, body: { choices } }),
    /** The certificate due to the applicant, as a PDF (404 while none is). */
    certificate: () => download('/api/me/certificate.pdf', { token }),
    /** Open cohorts this person has not applied to in the link's role, and one's form filled from their latest application. */
    openCohorts: () => api<PublicCohort[]>('GET', '/api/me/open-cohorts', { token }),
    prefill: (cohortId: number) => api<ApplicationPrefill>('GET', `/api/me/prefill?cohortId=${cohortId}`, { token }),
    withdraw: () => api<WithdrawResult>('POST', '/api/me/withdraw', { token }),
    /** DESIGN §10: everything held about the applicant, as the JSON file to keep. */
    exportData: () => download('/api/me/export', { token }),
    erase: () => api<EraseResult>('POST', '/api/me/erase', { token }),
    accept: (matchId: number) => api<unknown>('POST', `/api/me/proposals/${matchId}/accept`, { token }),
    decline: (matchId: number, reason: DeclineReason, note: string) =>
      api<unknown>('POST', `/api/me/proposals/${matchId}/decline`, { token, body: { reason, ...(note && { note }) } }),
  };
}

export type MeApi = ReturnType<typeof meApi>;
