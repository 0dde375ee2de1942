import { blankDraft, inProgress, inputOf, isWritten } from './announcement-draft';

describe('the announcement form', () => {
  it('sends English only where it was written, and the subject trimmed', () => {
    const draft = { ...blankDraft('mentors'), subject: { zh: ' 分享会 ', en: '  ' }, body: { zh: '第一段\n\n第二段\n', en: '' } };
    expect(inputOf(draft)).toEqual({ subject: { zh: '分享会' }, body: { zh: '第一段\n\n第二段\n' }, audience: 'mentors' });
    expect(inputOf({ ...draft, subject: { zh: '分享会', en: ' Talk ' }, body: { zh: '正文', en: 'Text' } }))
      .toEqual({ subject: { zh: '分享会', en: 'Talk' }, body: { zh: '正文', en: 'Text' }, audience: 'mentors' });
  });

  it('is ready once both Chinese texts are written', () => {
    expect(isWritten(blankDraft())).toBe(false);
    expect(isWritten({ ...blankDraft(), subject: { zh: '分享会', en: '' }, body: { zh: ' ', en: 'Text' } })).toBe(false);
    expect(isWritten({ ...blankDraft(), subject: { zh: '分享会', en: '' }, body: { zh: '正文', en: '' } })).toBe(true);
  });

  it('follows an announcement until it is sent or stopped', () => {
    expect(['queued', 'sending', 'sent', 'failed'].filter((status) => inProgress(status as never))).toEqual(['queued', 'sending']);
  });
});
