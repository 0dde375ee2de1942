import type { CheckInRow, Match, PairMeetingRow } from '@app/database';
import type { PairStatus } from '@app/contracts';
import type { PairSignals } from './pair-health';

/** A pair's health signals from its rows (the member's page); the coordinators' table reads the same in SQL. */
export function pairSignals(
  match: Pick<Match, 'status' | 'acceptedAt'>,
  meetings: Array<Pick<PairMeetingRow, 'heldOn'>>,
  checkIns: Array<Pick<CheckInRow, 'answer' | 'answeredAt' | 'closesAt'>>,
  now: Date,
): PairSignals {
  const onTrack = checkIns.filter((checkIn) => checkIn.answer === 'on_track').map((checkIn) => checkIn.answeredAt!.getTime());
  return {
    status: match.status as PairStatus,
    acceptedAt: match.acceptedAt!,
    lastMeetingOn: meetings.reduce<string | null>((latest, meeting) => (latest === null || meeting.heldOn > latest ? meeting.heldOn : latest), null),
    lastOnTrackAt: onTrack.length > 0 ? new Date(Math.max(...onTrack)) : null,
    needHelpOpen: checkIns.some((checkIn) => checkIn.answer === 'need_help' && checkIn.closesAt > now),
  };
}
