import { DECLINE_REASONS, DeclineReason, MatchHistoryEntry } from '@app/contracts';
import { MatchEvent } from '@app/database';

/** The reasons the state machine itself writes into a transition's history (a coordinator's cancel writes their own). */
export const NO_ANSWER = 'no answer before the deadline';
export const APPLICANT_WITHDREW = 'applicant withdrew';

/** A history line with its stored reason read back as a code and the person's own words. */
export function historyEntryOf(event: MatchEvent): MatchHistoryEntry<Date> {
  const entry: MatchHistoryEntry<Date> = { ...event, reasonCode: null, declineReason: null, note: null };
  const { reason } = event;
  if (reason === null) return entry;
  if (event.toStatus === 'declined') {
    // Written by declineReasonText.
    const [code, ...rest] = reason.split(': ');
    const declineReason = DECLINE_REASONS.find((known) => known === code) ?? null;
    return { ...entry, reasonCode: 'declined', declineReason, note: declineReason ? (rest.join(': ') || null) : reason };
  }
  if (reason === NO_ANSWER && event.toStatus === 'expired') return { ...entry, reasonCode: 'no_answer' };
  if (reason === APPLICANT_WITHDREW && (event.actorRole === 'mentor' || event.actorRole === 'student')) return { ...entry, reasonCode: 'applicant_withdrew' };
  return { ...entry, reasonCode: 'coordinator_note', note: reason };
}

/** A decline's reason as stored in its history row: the code, then the mentor's note if any. */
export function declineReasonText(reason: DeclineReason, note: string | null): string {
  return note ? `${reason}: ${note}` : reason;
}
