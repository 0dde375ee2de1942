import type { CheckInAnswer } from '@app/contracts';
import { pairSignals } from './pair-signals';

const acceptedAt = new Date('2027-03-01T02:00:00Z');
const now = new Date('2027-03-20T02:00:00Z');
const match = { status: 'accepted' as const, acceptedAt };
const checkIn = (answer: CheckInAnswer | null, answeredAt: string | null, closesAt: string) => ({
  answer, answeredAt: answeredAt ? new Date(answeredAt) : null, closesAt: new Date(closesAt),
});

describe('pairSignals', () => {
  it('reads a pair with no meetings and no answers as acceptance only', () => {
    expect(pairSignals(match, [], [checkIn(null, null, '2027-03-22T02:00:00Z')], now)).toEqual({
      status: 'accepted', acceptedAt, lastMeetingOn: null, lastOnTrackAt: null, needHelpOpen: false,
    });
  });

  it('takes the latest meeting day and the latest on_track answer of either member, in whatever order they come', () => {
    const meetings = [{ heldOn: '2027-03-04' }, { heldOn: '2027-03-12' }, { heldOn: '2027-03-08' }];
    const checkIns = [
      checkIn('on_track', '2027-03-09T01:00:00Z', '2027-03-15T02:00:00Z'),
      checkIn('on_track', '2027-03-16T01:00:00Z', '2027-03-22T02:00:00Z'),
      checkIn('not_yet', '2027-03-17T01:00:00Z', '2027-03-22T02:00:00Z'),
    ];
    expect(pairSignals(match, meetings, checkIns, now)).toMatchObject({
      lastMeetingOn: '2027-03-12', lastOnTrackAt: new Date('2027-03-16T01:00:00Z'), needHelpOpen: false,
    });
  });

  it('counts a need_help answer as open only until its check-in closes (closesAt itself is closed)', () => {
    const open = [checkIn('need_help', '2027-03-16T01:00:00Z', '2027-03-22T02:00:00Z')];
    expect(pairSignals(match, [], open, now).needHelpOpen).toBe(true);
    expect(pairSignals(match, [], open, new Date('2027-03-22T01:59:59.999Z')).needHelpOpen).toBe(true);
    expect(pairSignals(match, [], open, new Date('2027-03-22T02:00:00Z')).needHelpOpen).toBe(false);
    const closed = [checkIn('need_help', '2027-03-09T01:00:00Z', '2027-03-15T02:00:00Z')];
    expect(pairSignals(match, [], closed, now).needHelpOpen).toBe(false);
  });

  it('forgets a need_help the member answered over with on_track: only the answer standing counts', () => {
    expect(pairSignals(match, [], [checkIn('on_track', '2027-03-17T01:00:00Z', '2027-03-22T02:00:00Z')], now)).toMatchObject({
      needHelpOpen: false, lastOnTrackAt: new Date('2027-03-17T01:00:00Z'),
    });
  });
});
