import type { AnnouncementAudience, AnnouncementInput, AnnouncementStatus } from '@app/contracts';

/** What the form holds: every text as typed, English possibly left empty. */
export interface AnnouncementDraft {
  subject: { zh: string; en: string };
  body: { zh: string; en: string };
  audience: AnnouncementAudience;
}

export const blankDraft = (audience: AnnouncementAudience = 'all'): AnnouncementDraft => ({ subject: { zh: '', en: '' }, body: { zh: '', en: '' }, audience });

/** The POST's body: the subject trimmed (it is one line), an English left blank not sent at all. */
export function inputOf(draft: AnnouncementDraft): AnnouncementInput {
  const text = (zh: string, en: string, trim: (value: string) => string) => (en.trim() ? { zh: trim(zh), en: trim(en) } : { zh: trim(zh) });
  return {
    subject: text(draft.subject.zh, draft.subject.en, (value) => value.trim()),
    body: text(draft.body.zh, draft.body.en, (value) => value),
    audience: draft.audience,
  };
}

/** Whether the form can be sent: both Chinese texts written. */
export const isWritten = (draft: AnnouncementDraft) => draft.subject.zh.trim() !== '' && draft.body.zh.trim() !== '';

/** An announcement the worker is still working on: the list keeps refreshing while one is shown. */
export const inProgress = (status: AnnouncementStatus) => status === 'queued' || status === 'sending';
