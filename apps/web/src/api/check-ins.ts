import type { CheckInAnswer, CheckInView } from '@app/contracts';
import { api } from './client';

/**
 * The check-in page's two calls. The check-in token is the credential and the route names it (DESIGN §7); reading
 * records nothing, only `answer` does.
 */
export const checkInsApi = {
  view: (token: string, signal?: AbortSignal) => api<CheckInView>('GET', `/api/check-ins/${encodeURIComponent(token)}`, { signal }),
  answer: (token: string, answer: CheckInAnswer, note: string) =>
    api<CheckInView>('POST', `/api/check-ins/${encodeURIComponent(token)}`, { body: { answer, ...(note && { note }) } }),
};
