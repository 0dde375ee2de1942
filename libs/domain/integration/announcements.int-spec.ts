import { AnnouncementAudience, AnnouncementInput, ANNOUNCEMENT_AUDIENCES } from '@app/contracts';
import { Announcement, AnnouncementRecipient, Notification, OutboxMessage } from '@app/database';
import { AnnouncementsService, MeService, NotFoundError, PairLifecycleService, QUEUE } from '@app/domain';
import { In, Like } from 'typeorm';
import { DomainHarness, useDomainHarness } from './support/domain-harness';
import {
  approvedMentor, approvedStudent, COORDINATOR, identityOf, movePairBack, openCohort, pairIn, proposal, rowCounts, submittedMentor, submittedStudent,
} from './support/factories';

const input = (audience: AnnouncementAudience): AnnouncementInput => ({
  subject: { zh: '本周六校友分享会', en: 'Alumni talk on Saturday' },
  body: { zh: '各位好：\n\n本周六下午两点在图书馆报告厅。', en: 'Hello,\n\nSaturday 2 pm in the library hall.' },
  audience,
});

const who = (role: 'mentor' | 'student', application: { id: number }) => `${role}:${application.id}`;

async function recipientsOf(h: DomainHarness, announcementId: number): Promise<string[]> {
  const rows = await h.dataSource.manager.find(AnnouncementRecipient, { where: { announcementId }, order: { position: 'ASC' } });
  expect(rows.map((row) => row.position)).toEqual(rows.map((_, index) => index + 1));
  return rows.map((row) => `${row.role}:${row.applicationId}`);
}

const emailsOf = (h: DomainHarness, announcementId: number) =>
  h.dataSource.manager.find(Notification, { where: { dedupeKey: Like(`announcement:${announcementId}:%`) }, order: { id: 'ASC' } });

describe('announcements', () => {
  const harness = useDomainHarness('announcements');
  const service = () => harness().get(AnnouncementsService);

  it("reaches each audience's exact people, mentors first, each by id, and counts them as it will send", async () => {
    const h = harness();
    const cohort = await openCohort(h, { checkInEveryDays: 7 });
    const onTrack = await pairIn(h, cohort);
    const atRisk = await pairIn(h, cohort);
    await movePairBack(h, atRisk.match.id, 15); // two quiet periods of 7 days
    const ended = await pairIn(h, cohort);
    await h.get(PairLifecycleService).end(ended.match.id, COORDINATOR, 'no_response', null);
    const waitingMentor = await approvedMentor(h, cohort);
    const waitingStudent = await approvedStudent(h, cohort);
    await proposal(h, cohort, waitingStudent, waitingMentor);
    const alone = await approvedStudent(h, cohort);
    // Never anyone's audience: not approved, or withdrawn.
    await submittedMentor(h, cohort);
    await submittedStudent(h, cohort);
    const withdrawn = await approvedStudent(h, cohort);
    await h.get(MeService).withdraw(identityOf('student', withdrawn));
    // Another cohort's people are never this one's.
    await pairIn(h, await openCohort(h));

    const mentors = [onTrack.mentor, atRisk.mentor, ended.mentor, waitingMentor].map((mentor) => who('mentor', mentor));
    const students = [onTrack.student, atRisk.student, ended.student, waitingStudent, alone].map((student) => who('student', student));
    const expected: Record<AnnouncementAudience, string[]> = {
      all: [...mentors, ...students],
      mentors,
      students,
      matched: [who('mentor', onTrack.mentor), who('mentor', atRisk.mentor), who('student', onTrack.student), who('student', atRisk.student)],
      unmatched: [who('student', ended.student), who('student', alone)],
      at_risk: [who('mentor', atRisk.mentor), who('student', atRisk.student)],
    };
    for (const audience of ANNOUNCEMENT_AUDIENCES) {
      const counted = await service().count(cohort.id, audience);
      const created = await service().create(cohort.id, input(audience), 'coordinator: 王老师');
      expect({ audience, people: await recipientsOf(h, created.id) }).toEqual({ audience, people: expected[audience] });
      expect(created.recipients).toBe(expected[audience].length);
      expect(counted).toEqual({
        audience, recipients: expected[audience].length,
        mentors: expected[audience].filter((person) => person.startsWith('mentor')).length,
        students: expected[audience].filter((person) => person.startsWith('student')).length,
      });
    }
  });

  it('counts the people of a completed (结业) pair as matched, never as unmatched', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const pair = await pairIn(h, cohort);
    await h.get(PairLifecycleService).complete(cohort.id, COORDINATOR);

    const matched = await service().create(cohort.id, input('matched'), 'coordinator: 王老师');
    expect(await recipientsOf(h, matched.id)).toEqual([who('mentor', pair.mentor), who('student', pair.student)]);
    await expect(service().create(cohort.id, input('unmatched'), 'coordinator: 王老师')).rejects.toMatchObject({ code: 'no_recipients' });
  });

  it('records the announcement, its recipients and its fan-out job together; refuses an empty audience or an unknown cohort, writing nothing', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    await approvedMentor(h, cohort);
    const before = await rowCounts(h.dataSource);
    await expect(service().create(cohort.id, input('students'), 'coordinator: 王老师')).rejects.toMatchObject({ code: 'no_recipients' });
    await expect(service().create(999_999, input('all'), 'coordinator: 王老师')).rejects.toBeInstanceOf(NotFoundError);
    await expect(service().count(999_999, 'all')).rejects.toBeInstanceOf(NotFoundError);
    await expect(service().list(999_999)).rejects.toBeInstanceOf(NotFoundError);
    expect(await rowCounts(h.dataSource)).toEqual(before);
    expect(await h.dataSource.manager.countBy(Announcement, { cohortId: cohort.id })).toBe(0);

    const { id, recipients } = await service().create(cohort.id, input('mentors'), 'coordinator: 王老师');
    expect(recipients).toBe(1);
    expect(await h.dataSource.manager.findOneByOrFail(Announcement, { id })).toMatchObject({
      fanOut: 'queued', fannedOut: 0, recipients: 1, subjectZh: '本周六校友分享会', subjectEn: 'Alumni talk on Saturday', createdBy: 'coordinator: 王老师',
    });
    const job = await h.dataSource.manager.findOneByOrFail(OutboxMessage, { jobId: `announcement-${id}` });
    expect(job).toMatchObject({ queue: QUEUE.announcements, jobName: 'fan-out', payload: { announcementId: id } });
    expect(await emailsOf(h, id)).toEqual([]);
    expect((await service().list(cohort.id))[0]).toMatchObject({ id, status: 'queued', recipients: 1, sent: 0, failed: 0, pending: 1 });
  });

  it('fans out once: a second run, or one after the progress was lost, leaves one email per recipient', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const pairs = [await pairIn(h, cohort), await pairIn(h, cohort), await pairIn(h, cohort)];
    const { id } = await service().create(cohort.id, input('all'), 'coordinator: 王老师');

    expect(await service().fanOut(id)).toBe(6);
    expect(await service().fanOut(id)).toBe(0);
    // As if the job ran again from the start (its progress gone): the dedupe keys keep one email each.
    await h.dataSource.manager.update(Announcement, { id }, { fanOut: 'sending', fannedOut: 0, recordedAt: null });
    expect(await service().fanOut(id)).toBe(6);

    const emails = await emailsOf(h, id);
    const people = pairs.flatMap((pair) => [pair.mentor, pair.student]);
    expect(emails.map((email) => email.recipientEmail).sort()).toEqual(people.map((person) => person.email).sort());
    expect(emails[0].subject).toContain(`【${cohort.name}】本周六校友分享会`);
    expect(emails.every((email) => email.type === 'announcement' && email.linkApplicationId !== null && email.status === 'pending')).toBe(true);
    const sendJobs = await h.dataSource.manager.countBy(OutboxMessage, { jobId: In(emails.map((email) => `notification-${email.id}`)) });
    expect(sendJobs).toBe(6);
    expect(await h.dataSource.manager.findOneByOrFail(Announcement, { id })).toMatchObject({ fanOut: 'recorded', fannedOut: 6 });
  });

  it('lists each announcement with its emails counted by status: sending while any is pending, sent once none is', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    await pairIn(h, cohort);
    await pairIn(h, cohort);
    const { id } = await service().create(cohort.id, input('all'), 'coordinator: 王老师');
    await service().fanOut(id);
    const emails = await emailsOf(h, id);
    const sentAt = new Date('2026-12-05T02:42:00.000Z');
    await h.dataSource.manager.update(Notification, { id: In(emails.slice(0, 2).map((email) => email.id)) }, { status: 'sent', sentAt });
    await h.dataSource.manager.update(Notification, { id: emails[2].id }, { status: 'failed' });

    expect(await service().list(cohort.id)).toEqual([expect.objectContaining({
      id, cohortId: cohort.id, audience: 'all', status: 'sending', recipients: 4, sent: 2, failed: 1, pending: 1, sentAt: null,
      subject: input('all').subject, body: input('all').body, error: null,
    })]);
    await h.dataSource.manager.update(Notification, { id: emails[3].id }, { status: 'sent', sentAt });
    expect((await service().list(cohort.id))[0]).toMatchObject({ status: 'sent', sent: 3, failed: 1, pending: 0, sentAt });
  });

  it('the reconcile restores a fan-out job Redis lost, once; a fan-out marked failed does no more', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    await pairIn(h, cohort);
    const { id } = await service().create(cohort.id, input('all'), 'coordinator: 王老师');
    const queue = h.queue(QUEUE.announcements);
    expect(await queue.getJob(`announcement-${id}`)).toBeDefined();
    await queue.remove(`announcement-${id}`);

    expect((await service().recoverLostJobs()).restored).toBeGreaterThanOrEqual(1);
    expect(await queue.getJob(`announcement-${id}`)).toBeDefined();
    expect(await service().recoverLostJobs()).toEqual({ restored: 0, failed: 0 });

    await service().markFailed(id, 'the database went away');
    expect(await service().fanOut(id)).toBe(0);
    expect(await emailsOf(h, id)).toEqual([]);
    expect((await service().list(cohort.id))[0]).toMatchObject({ status: 'failed', error: 'the database went away', pending: 2 });
  });
});

