import type { EndReason, MePair, PairGoal, PairMeeting } from '@app/contracts';
import { api } from './client';

/** What a member sends to log a meeting: the meeting without what the server decides. */
export type MeetingInput = Pick<PairMeeting, 'heldOn' | 'minutes' | 'mode'> & { summary?: string };

/** A member's pairs (`/api/me/pairs/*`), with the personal token in the Authorization header only, as /me does. */
export function pairsApi(token: string) {
  const pair = (matchId: number) => `/api/me/pairs/${matchId}`;
  return {
    list: (signal?: AbortSignal) => api<MePair[]>('GET', '/api/me/pairs', { token, signal }),
    saveGoals: (matchId: number, goals: PairGoal[]) => api<PairGoal[]>('PUT', `${pair(matchId)}/goals`, { token, body: { goals } }),
    logMeeting: (matchId: number, meeting: MeetingInput) => api<PairMeeting>('POST', `${pair(matchId)}/meetings`, { token, body: meeting }),
    removeMeeting: (matchId: number, meetingId: number) => api<void>('DELETE', `${pair(matchId)}/meetings/${meetingId}`, { token }),
    end: (matchId: number, reason: EndReason, note: string) =>
      api<MePair>('POST', `${pair(matchId)}/end`, { token, body: { reason, ...(note && { note }) } }),
  };
}

export type PairsApi = ReturnType<typeof pairsApi>;
