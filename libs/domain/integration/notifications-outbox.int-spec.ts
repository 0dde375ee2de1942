import { Cohort, Notification, OutboxMessage } from '@app/database';
import { NotificationPolicy, NotificationsService, OutboxJob, OutboxService, QUEUE } from '@app/domain';
import { randomBytes } from 'node:crypto';
import { DomainHarness, useDomainHarness } from './support/domain-harness';
import { openCohort, submittedStudent } from './support/factories';

const harness = useDomainHarness('notifications_outbox');

describe('NotificationPolicy / NotificationsService.record', () => {
  const receiptsOf = (h: DomainHarness, studentId: number) =>
    h.dataSource.manager.findBy(Notification, { dedupeKey: `application_received:student:${studentId}` });

  it('keeps one row and one send job when the same event is recorded again in a later transaction', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const student = await submittedStudent(h, cohort); // submit records the receipt once

    await h.get(OutboxService).transaction((tx) => h.get(NotificationPolicy).applicationReceived(tx, cohort, 'student', student));

    const receipts = await receiptsOf(h, student.id);
    expect(receipts).toHaveLength(1);
    expect(await h.dataSource.manager.countBy(OutboxMessage, { jobId: `notification-${receipts[0].id}` })).toBe(1);
  });

  it('stores one row and one send job when the same message is given twice in one call', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    // An application id no row holds (record does not look it up), so its dedupe key is new.
    const applicationId = 1_000_000 + randomBytes(3).readUIntBE(0, 3);
    const message = {
      type: 'application_received' as const, cohortId: cohort.id, cohortName: cohort.name, role: 'mentor' as const,
      applicationId, recipient: { email: 'twice@alumni.example.cn', name: '重复' },
    };

    await h.get(OutboxService).transaction((tx) => h.get(NotificationsService).record(tx, message, message));

    const rows = await h.dataSource.manager.findBy(Notification, { dedupeKey: `application_received:mentor:${applicationId}` });
    expect(rows).toEqual([expect.objectContaining({ recipientEmail: 'twice@alumni.example.cn', status: 'pending' })]);
    expect(await h.dataSource.manager.countBy(OutboxMessage, { jobId: `notification-${rows[0].id}` })).toBe(1);
  });
});

describe('OutboxService.transaction', () => {
  /** A job nothing else emits: no worker runs, so it only waits in its queue under this file's prefix. */
  const uniqueJob = (): Extract<OutboxJob, { queue: 'notifications'; name: 'send' }> => ({
    queue: QUEUE.notifications, name: 'send', payload: { notificationId: 1 }, jobId: `int-outbox-${randomBytes(6).toString('hex')}`,
  });
  const cohortName = async (h: DomainHarness, cohort: Cohort) => (await h.dataSource.manager.findOneByOrFail(Cohort, { id: cohort.id })).name;

  it('stores the emitted jobs with the change it commits, then hands them to BullMQ', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const job = uniqueJob();

    await h.get(OutboxService).transaction(async (tx) => {
      await tx.manager.update(Cohort, { id: cohort.id }, { name: '改名后的一期' });
      tx.emit(job);
    });

    expect(await cohortName(h, cohort)).toBe('改名后的一期');
    const [row] = await h.dataSource.manager.findBy(OutboxMessage, { jobId: job.jobId });
    expect(row).toEqual(expect.objectContaining({ queue: job.queue, jobName: job.name, payload: job.payload, dispatchedAt: expect.any(Date) }));
    const queued = await h.queue(QUEUE.notifications).getJob(job.jobId);
    expect(queued).toEqual(expect.objectContaining({ name: 'send', data: job.payload }));
  });

  it('stores neither the change nor its jobs when the work fails, and hands nothing over', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const job = uniqueJob();

    const failing = h.get(OutboxService).transaction(async (tx) => {
      await tx.manager.update(Cohort, { id: cohort.id }, { name: '不该留下的名字' });
      tx.emit(job);
      throw new Error('the work failed after emitting');
    });

    await expect(failing).rejects.toThrow('the work failed after emitting');
    expect(await cohortName(h, cohort)).toBe(cohort.name);
    expect(await h.dataSource.manager.countBy(OutboxMessage, { jobId: job.jobId })).toBe(0);
    expect(await h.queue(QUEUE.notifications).getJob(job.jobId)).toBeUndefined();
  });

  it('keeps the first row when a job id is emitted again', async () => {
    const h = harness();
    const job = uniqueJob();
    await h.get(OutboxService).transaction(async (tx) => tx.emit(job));
    const [first] = await h.dataSource.manager.findBy(OutboxMessage, { jobId: job.jobId });

    await h.get(OutboxService).transaction(async (tx) => tx.emit({ ...job, payload: { notificationId: 2 } }));

    expect(await h.dataSource.manager.findBy(OutboxMessage, { jobId: job.jobId })).toEqual([expect.objectContaining({ id: first.id, payload: { notificationId: 1 } })]);
  });
});
