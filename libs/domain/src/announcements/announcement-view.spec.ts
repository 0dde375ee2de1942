import { Announcement } from '@app/database';
import { announcementStatusOf, announcementViewOf, emailCountsOf, NO_EMAILS } from './announcement-view';

const at = (iso: string) => new Date(iso);

function announcement(overrides: Partial<Announcement> = {}): Announcement {
  return Object.assign(new Announcement(), {
    id: 7, cohortId: 3, subjectZh: '分享会', subjectEn: null, bodyZh: '正文', bodyEn: 'Text', audience: 'mentors', recipients: 10,
    fannedOut: 10, fanOut: 'recorded', error: null, createdBy: 'coordinator: 王老师', createdAt: at('2026-12-05T02:00:00Z'),
    startedAt: at('2026-12-05T02:00:01Z'), recordedAt: at('2026-12-05T02:00:02Z'), ...overrides,
  });
}

describe('announcementStatusOf', () => {
  it("is the fan-out's state until every email is recorded", () => {
    expect(announcementStatusOf('queued', 10)).toBe('queued');
    expect(announcementStatusOf('sending', 4)).toBe('sending');
    expect(announcementStatusOf('failed', 4)).toBe('failed');
  });

  it('then stays sending while any email is pending, and is sent once none is', () => {
    expect(announcementStatusOf('recorded', 1)).toBe('sending');
    expect(announcementStatusOf('recorded', 0)).toBe('sent');
  });
});

describe('emailCountsOf', () => {
  it('takes the sent and failed rows and leaves the pending ones to the recipients count', () => {
    expect(emailCountsOf([
      { status: 'pending', n: 3, lastSentAt: null },
      { status: 'sent', n: 6, lastSentAt: at('2026-12-05T02:01:00Z') },
      { status: 'failed', n: 1, lastSentAt: null },
    ])).toEqual({ sent: 6, failed: 1, lastSentAt: at('2026-12-05T02:01:00Z') });
    expect(emailCountsOf([])).toEqual(NO_EMAILS);
  });
});

describe('announcementViewOf', () => {
  it('counts pending as the recipients not sent or failed, and dates it once sent', () => {
    const sentAt = at('2026-12-05T02:01:00Z');
    expect(announcementViewOf(announcement(), { sent: 9, failed: 1, lastSentAt: sentAt })).toMatchObject({
      status: 'sent', recipients: 10, sent: 9, failed: 1, pending: 0, sentAt, subject: { zh: '分享会' }, body: { zh: '正文', en: 'Text' },
    });
    expect(announcementViewOf(announcement(), { sent: 4, failed: 0, lastSentAt: sentAt })).toMatchObject({ status: 'sending', pending: 6, sentAt: null });
    expect(announcementViewOf(announcement({ fanOut: 'sending', fannedOut: 5 }), NO_EMAILS)).toMatchObject({ status: 'sending', pending: 10 });
  });
});
