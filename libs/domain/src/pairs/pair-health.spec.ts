import { lastContactAt, pairHealth, PairSignals } from './pair-health';

const DAY = 86_400_000;
// 10:00 in China on 1 March 2027.
const acceptedAt = new Date('2027-03-01T02:00:00Z');
const after = (ms: number, from = acceptedAt) => new Date(from.getTime() + ms);

const signals = (overrides: Partial<PairSignals> = {}): PairSignals => ({
  status: 'accepted', acceptedAt, lastMeetingOn: null, lastOnTrackAt: null, needHelpOpen: false, ...overrides,
});

describe('lastContactAt', () => {
  it('is the acceptance when the pair has neither met nor answered on_track', () => {
    expect(lastContactAt(signals())).toEqual(acceptedAt);
  });

  it("counts a meeting at the end of its China day, so one logged on the acceptance day is later than the acceptance", () => {
    expect(lastContactAt(signals({ lastMeetingOn: '2027-03-01' }))).toEqual(new Date('2027-03-01T23:59:59.999+08:00'));
    expect(lastContactAt(signals({ lastMeetingOn: '2027-03-05' })).toISOString()).toBe('2027-03-05T15:59:59.999Z');
  });

  it('takes the later of the meeting and the on_track answer', () => {
    const answer = new Date('2027-03-06T01:00:00Z');
    expect(lastContactAt(signals({ lastMeetingOn: '2027-03-05', lastOnTrackAt: answer }))).toEqual(answer);
    expect(lastContactAt(signals({ lastMeetingOn: '2027-03-07', lastOnTrackAt: answer }))).toEqual(new Date('2027-03-07T23:59:59.999+08:00'));
    expect(lastContactAt(signals({ lastOnTrackAt: answer }))).toEqual(answer);
  });
});

describe('pairHealth', () => {
  const weekly = (overrides: Partial<PairSignals>, now: Date) => pairHealth(signals(overrides), 7, now, DAY);

  it('is on_track until exactly one full period passed without contact, needs_attention from that instant', () => {
    expect(weekly({}, acceptedAt)).toBe('on_track');
    expect(weekly({}, after(7 * DAY - 1))).toBe('on_track');
    expect(weekly({}, after(7 * DAY))).toBe('needs_attention');
    expect(weekly({}, after(7 * DAY + 1))).toBe('needs_attention');
  });

  it('is at_risk from exactly two full periods without contact', () => {
    expect(weekly({}, after(14 * DAY - 1))).toBe('needs_attention');
    expect(weekly({}, after(14 * DAY))).toBe('at_risk');
    expect(weekly({}, after(14 * DAY + 1))).toBe('at_risk');
    expect(weekly({}, after(100 * DAY))).toBe('at_risk');
  });

  it('counts the periods again from a meeting, taken at the end of its China day', () => {
    const meetingCounts = new Date('2027-03-10T23:59:59.999+08:00');
    expect(weekly({ lastMeetingOn: '2027-03-10' }, after(14 * DAY))).toBe('on_track');
    expect(weekly({ lastMeetingOn: '2027-03-10' }, after(7 * DAY - 1, meetingCounts))).toBe('on_track');
    expect(weekly({ lastMeetingOn: '2027-03-10' }, after(7 * DAY, meetingCounts))).toBe('needs_attention');
    expect(weekly({ lastMeetingOn: '2027-03-10' }, after(14 * DAY, meetingCounts))).toBe('at_risk');
  });

  it('counts a meeting on the acceptance day from that evening, not from the acceptance', () => {
    expect(weekly({}, after(7 * DAY))).toBe('needs_attention');
    expect(weekly({ lastMeetingOn: '2027-03-01' }, after(7 * DAY))).toBe('on_track');
  });

  it('counts the periods again from an on_track answer', () => {
    const answeredAt = after(12 * DAY);
    expect(weekly({ lastOnTrackAt: answeredAt }, after(14 * DAY))).toBe('on_track');
    expect(weekly({ lastOnTrackAt: answeredAt }, after(7 * DAY - 1, answeredAt))).toBe('on_track');
    expect(weekly({ lastOnTrackAt: answeredAt }, after(7 * DAY, answeredAt))).toBe('needs_attention');
    expect(weekly({ lastOnTrackAt: answeredAt }, after(14 * DAY, answeredAt))).toBe('at_risk');
  });

  it('is at_risk at once while a need_help answer is open, however recent the contact', () => {
    expect(weekly({ needHelpOpen: true }, acceptedAt)).toBe('at_risk');
    expect(weekly({ needHelpOpen: true, lastOnTrackAt: after(DAY), lastMeetingOn: '2027-03-02' }, after(2 * DAY))).toBe('at_risk');
  });

  it('reads the other signals once no need_help is open (answered over with on_track, or its check-in closed)', () => {
    // The member answered need_help, then on_track: the answer replaced, so no need_help is open and the on_track counts.
    expect(weekly({ needHelpOpen: false, lastOnTrackAt: after(8 * DAY) }, after(9 * DAY))).toBe('on_track');
    // Its check-in closed with the next period: read by acceptance and meetings alone.
    expect(weekly({ needHelpOpen: false }, after(14 * DAY))).toBe('at_risk');
    expect(weekly({ needHelpOpen: false, lastMeetingOn: '2027-03-13' }, after(14 * DAY))).toBe('on_track');
  });

  it('passes ended and completed through, whatever the other signals say', () => {
    expect(weekly({ status: 'ended', needHelpOpen: true }, after(100 * DAY))).toBe('ended');
    expect(weekly({ status: 'completed', needHelpOpen: true }, after(100 * DAY))).toBe('completed');
    expect(weekly({ status: 'completed' }, acceptedAt)).toBe('completed');
  });

  it('uses the default 30-day period while check-ins are off (0 days)', () => {
    const off = (now: Date) => pairHealth(signals(), 0, now, DAY);
    expect(off(after(30 * DAY - 1))).toBe('on_track');
    expect(off(after(30 * DAY))).toBe('needs_attention');
    expect(off(after(60 * DAY - 1))).toBe('needs_attention');
    expect(off(after(60 * DAY))).toBe('at_risk');
  });

  it('measures the periods in days of dayMs (CHECK_IN_DAY_MS), so tests can run them in seconds', () => {
    const fast = (now: Date) => pairHealth(signals(), 1, now, 2000);
    expect(fast(after(1999))).toBe('on_track');
    expect(fast(after(2000))).toBe('needs_attention');
    expect(fast(after(3999))).toBe('needs_attention');
    expect(fast(after(4000))).toBe('at_risk');
  });
});
