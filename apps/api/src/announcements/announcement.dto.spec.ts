import { ANNOUNCEMENT_LIMITS } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fieldErrorsOf } from '../common/validation';
import { AnnouncementAudienceQuery, AnnouncementDto } from './announcement.dto';

const fieldsOf = <T extends object>(type: new () => T, body: object) =>
  fieldErrorsOf(validateSync(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true }));

const valid = { subject: { zh: '本周六校友分享会' }, body: { zh: '各位好：\n\n本周六下午两点在图书馆报告厅。' }, audience: 'all' };

describe('AnnouncementDto', () => {
  it('takes 中文 alone, or with English', () => {
    expect(fieldsOf(AnnouncementDto, valid)).toEqual([]);
    expect(fieldsOf(AnnouncementDto, { ...valid, subject: { zh: '分享会', en: 'Alumni talk' }, body: { zh: '正文', en: 'Text' } })).toEqual([]);
  });

  it('names each missing or broken field by its path', () => {
    expect(fieldsOf(AnnouncementDto, {})).toEqual([
      { field: 'subject', rule: 'required' }, { field: 'body', rule: 'required' }, { field: 'audience', rule: 'required' },
    ]);
    expect(fieldsOf(AnnouncementDto, { ...valid, subject: { en: 'Only English' }, body: { zh: '' } })).toEqual([
      { field: 'subject.zh', rule: 'required' }, { field: 'body.zh', rule: 'minLength', limit: 1 },
    ]);
    expect(fieldsOf(AnnouncementDto, { ...valid, audience: 'everyone' })).toEqual([{ field: 'audience', rule: 'oneOf' }]);
  });

  it('keeps the subject on one line and both within their limits', () => {
    expect(fieldsOf(AnnouncementDto, { ...valid, subject: { zh: '第一行\n第二行' } })).toEqual([{ field: 'subject.zh', rule: 'characters' }]);
    expect(fieldsOf(AnnouncementDto, {
      ...valid,
      subject: { zh: '题'.repeat(ANNOUNCEMENT_LIMITS.subject.maxLength + 1) },
      body: { zh: '正文', en: 'x'.repeat(ANNOUNCEMENT_LIMITS.body.maxLength + 1) },
    })).toEqual([
      { field: 'subject.zh', rule: 'maxLength', limit: ANNOUNCEMENT_LIMITS.subject.maxLength },
      { field: 'body.en', rule: 'maxLength', limit: ANNOUNCEMENT_LIMITS.body.maxLength },
    ]);
    expect(fieldsOf(AnnouncementDto, { ...valid, subject: { zh: '题'.repeat(ANNOUNCEMENT_LIMITS.subject.maxLength) } })).toEqual([]);
  });

  it('refuses fields it does not know', () => {
    expect(fieldsOf(AnnouncementDto, { ...valid, recipients: 5 })).toEqual([{ field: 'recipients', rule: 'unknown' }]);
  });
});

describe('AnnouncementAudienceQuery', () => {
  it('needs one of the audiences', () => {
    expect(fieldsOf(AnnouncementAudienceQuery, { audience: 'at_risk' })).toEqual([]);
    expect(fieldsOf(AnnouncementAudienceQuery, {})).toEqual([{ field: 'audience', rule: 'required' }]);
    expect(fieldsOf(AnnouncementAudienceQuery, { audience: '' })).toEqual([{ field: 'audience', rule: 'required' }]);
    expect(fieldsOf(AnnouncementAudienceQuery, { audience: 'ALL' })).toEqual([{ field: 'audience', rule: 'oneOf' }]);
  });
});
