import { DECLINE_REASONS, DeclineReason, END_REASONS, EndReason, MatchHistoryEntry } from '@app/contracts';
import { MatchEvent } from '@app/database';

/** The reasons the state machine itself writes into a transition's history (a coordinator's cancel writes their own). */
export const NO_ANSWER = 'no answer before the deadline';
export const APPLICANT_WITHDREW = 'applicant withdrew';
export const COHORT_COMPLETED = 'cohort completed';
/** The note of a pair ended because a member withdrew (its reason is `other`): read by the partner in both languages. */
export const WITHDRAWAL_NOTE = '已退出本期师友计划 / withdrew from the cohort';

/** A history line with its stored reason read back as a code and the person's own words. */
export function historyEntryOf(event: MatchEvent): MatchHistoryEntry<Date> {
  const entry: MatchHistoryEntry<Date> = { ...event, reasonCode: null, declineReason: null, endReason: null, note: null };
  const { reason } = event;
  if (reason === null) return entry;
  if (event.toStatus === 'declined') {
    // Written by declineReasonText.
    const [code, ...rest] = reason.split(': ');
    const declineReason = DECLINE_REASONS.find((known) => known === code) ?? null;
    return { ...entry, reasonCode: 'declined', declineReason, note: declineReason ? (rest.join(': ') || null) : reason };
  }
  if (event.toStatus === 'ended') {
    // Written by endReasonText.
    const [code, ...rest] = reason.split(': ');
    const endReason = END_REASONS.find((known) => known === code) ?? null;
    return { ...entry, reasonCode: 'ended', endReason, note: endReason ? (rest.join(': ') || null) : reason };
  }
  if (reason === COHORT_COMPLETED && event.actorRole === 'coordinator') return { ...entry, reasonCode: 'cohort_completed' };
  if (reason === NO_ANSWER && event.toStatus === 'expired') return { ...entry, reasonCode: 'no_answer' };
  if (reason === APPLICANT_WITHDREW && (event.actorRole === 'mentor' || event.actorRole === 'student')) return { ...entry, reasonCode: 'applicant_withdrew' };
  return { ...entry, reasonCode: 'coordinator_note', note: reason };
}

/** A decline's reason as stored in its history row: the code, then the mentor's note if any. */
export function declineReasonText(reason: DeclineReason, note: string | null): string {
  return note ? `${reason}: ${note}` : reason;
}

/** An end's reason as stored in its history row: the code, then the note if any. */
export function endReasonText(reason: EndReason, note: string | null): string {
  return note ? `${reason}: ${note}` : reason;
}
