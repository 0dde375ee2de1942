import { AppConfig } from '@app/config';
import { Notification } from '@app/database';
import { ApplicantTokensService, CheckInTokensService, NotificationSenderService, StaffSessionsService } from '@app/domain';
import { In } from 'typeorm';
import { SmtpSink, startSmtpSink } from '../../../scripts/smtp-sink';
import { useDomainHarness } from './support/domain-harness';
import { openCohort, submittedStudent } from './support/factories';

const harness = useDomainHarness('notification_sender');

describe('NotificationSenderService', () => {
  let sink: SmtpSink;
  let sender: NotificationSenderService;

  beforeAll(async () => {
    sink = await startSmtpSink({ port: 0 });
    const h = harness();
    const config = Object.assign(new AppConfig(), h.get(AppConfig), { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, PUBLIC_URL: 'https://shiyou.example.edu' });
    sender = new NotificationSenderService(h.dataSource, h.get(ApplicantTokensService), h.get(CheckInTokensService), h.get(StaffSessionsService), config);
  });
  afterAll(async () => {
    sender?.onModuleDestroy();
    await sink?.stop();
  });

  it('sends messages sent at the same time once each, each with a personal link of its own that opens its own page', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const students = [];
    for (let index = 0; index < 12; index += 1) students.push(await submittedStudent(h, cohort));
    const rows = await h.dataSource.manager.findBy(Notification, { linkApplicationId: In(students.map((student) => student.id)), type: 'application_received' });
    expect(rows).toHaveLength(students.length);
    sink.clear();

    const outcomes = await Promise.all(rows.map((row) => sender.send(row.id)));

    expect(outcomes).toEqual(rows.map(() => 'sent'));
    const mails = await sink.waitFor((messages) => messages.length >= rows.length);
    expect(new Set(mails.map((mail) => mail.messageId))).toEqual(new Set(rows.map((row) => `<notification-${row.id}@shiyou.example.edu>`)));
    for (const row of rows) {
      const mail = mails.find((candidate) => candidate.messageId === `<notification-${row.id}@shiyou.example.edu>`)!;
      expect(mail.to).toEqual([row.recipientEmail]);
      const token = /\/me#token=([\w-]+)/.exec(mail.text)![1];
      expect(mail.html).toContain(`/me#token=${token}`);
      await expect(h.get(ApplicantTokensService).identify(token)).resolves.toEqual({ role: 'student', applicationId: row.linkApplicationId });
    }
    const stored = await h.dataSource.manager.findBy(Notification, { id: In(rows.map((row) => row.id)) });
    expect(stored.map((row) => [row.status, row.attempts])).toEqual(rows.map(() => ['sent', 1]));
    expect(stored.every((row) => !/[ms]_[\w-]{43}/.test(`${row.bodyText}${row.bodyHtml}`))).toBe(true);
  });

  it('sends nothing again for a message already sent, nor for one that does not exist', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const student = await submittedStudent(h, cohort);
    const [row] = await h.dataSource.manager.findBy(Notification, { linkApplicationId: student.id, type: 'application_received' });
    await sender.send(row.id);
    await sink.waitFor((messages) => messages.some((mail) => mail.messageId === `<notification-${row.id}@shiyou.example.edu>`));
    sink.clear();

    await expect(Promise.all([sender.send(row.id), sender.send(row.id), sender.send(2_000_000_000)])).resolves.toEqual(['not-pending', 'not-pending', 'missing']);
    await expect(sender.send(row.id)).resolves.toBe('not-pending');
    expect(sink.messages).toEqual([]);
  });
});
