import { MatchEvent } from '@app/database';
import { APPLICANT_WITHDREW, declineReasonText, historyEntryOf, NO_ANSWER } from './match-history';

const event = (overrides: Partial<MatchEvent>): MatchEvent => Object.assign(new MatchEvent(), {
  id: '1', matchId: 5, fromStatus: 'proposed', toStatus: 'declined', actorRole: 'mentor', actorId: 9, reason: null,
  createdAt: new Date('2026-12-01T00:00:00Z'), ...overrides,
});

describe('historyEntryOf', () => {
  it('reads a decline back as its reason code and the note, a colon in the note included', () => {
    expect(historyEntryOf(event({ reason: declineReasonText('not_a_fit', '方向: 不同') }))).toMatchObject({
      reasonCode: 'declined', declineReason: 'not_a_fit', note: '方向: 不同',
    });
    expect(historyEntryOf(event({ reason: declineReasonText('other', null) }))).toMatchObject({ reasonCode: 'declined', declineReason: 'other', note: null });
  });

  it('names the reasons the system writes, and keeps a coordinator\'s own words as the note', () => {
    expect(historyEntryOf(event({ toStatus: 'expired', actorRole: 'system', reason: NO_ANSWER }))).toMatchObject({ reasonCode: 'no_answer', note: null });
    expect(historyEntryOf(event({ toStatus: 'cancelled', actorRole: 'student', reason: APPLICANT_WITHDREW }))).toMatchObject({ reasonCode: 'applicant_withdrew' });
    expect(historyEntryOf(event({ toStatus: 'cancelled', actorRole: 'coordinator', reason: APPLICANT_WITHDREW }))).toMatchObject({
      reasonCode: 'coordinator_note', note: APPLICANT_WITHDREW,
    });
    expect(historyEntryOf(event({ fromStatus: null, toStatus: 'proposed', actorRole: 'system' }))).toMatchObject({ reasonCode: null, declineReason: null, note: null });
  });
});
