import { NotificationStatus } from '@app/contracts';
import { insertRows, Notification, OutboxMessage } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { notificationJobsUpTo, retryNotificationJob, sendNotificationJob } from '../messaging/jobs';
import { OutboxService, RESTORE_BATCH, Transaction } from '../messaging/outbox.service';
import { OutboxJob } from '../messaging/queues';
import { checkInLinkOf, dedupeKeyOf, NotificationMessage, personalLinkOwner, staffLinkOf } from './messages';
import { renderNotification } from './templates';

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Records messages in the caller's transaction and emits their send jobs; a repeated event records nothing new.
   * Callers go through NotificationPolicy, which says what is sent on which event.
   */
  async record(tx: Transaction, ...messages: NotificationMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // Rendered as the rows are inserted: a round's thousands of bodies are never all in memory at once.
    const rows = function* () {
      for (const message of messages) {
        const rendered = renderNotification(message);
        const owner = personalLinkOwner(message);
        yield [
          message.cohortId, message.type, message.recipient.email, message.recipient.name.slice(0, 100), rendered.subject.slice(0, 300),
          rendered.text, rendered.html, owner?.role ?? null, owner?.applicationId ?? null, checkInLinkOf(message), staffLinkOf(message), dedupeKeyOf(message),
        ] as [number | null, string, string, string, string, string, string, string | null, number | null, number | null, number | null, string];
      }
    };
    await insertRows(tx.manager, 'notifications', RECORD_COLUMNS, rows(), {
      ignoreDuplicates: true,
      // The ids are read back by the unique dedupe key, never derived from the first inserted id (see OutboxService.store).
      afterEach: async (chunk, inserted) => {
        // One message just inserted is its own answer (a single row's insertId is exact, whatever the auto-increment mode).
        const ids = chunk.length === 1 && inserted.affectedRows === 1 ? [inserted.insertId] : await pendingIds(tx, chunk.map((row) => row[11]));
        tx.emit(...ids.map(sendNotificationJob));
      },
    });
  }

  /** `cohortIds`: a coordinator's scope (null for every cohort, and the messages of none, such as staff sign-in emails). */
  async list(filter: { status?: NotificationStatus; cohortId?: number; limit?: number; cohortIds?: number[] | null }): Promise<Notification[]> {
    if (filter.cohortIds?.length === 0) return [];
    const cohortId = filter.cohortId ?? (filter.cohortIds ? In(filter.cohortIds) : undefined);
    return this.dataSource.manager.find(Notification, {
      where: { ...(filter.status && { status: filter.status }), ...(cohortId && { cohortId }) },
      order: { id: 'DESC' },
      take: Math.min(filter.limit ?? 200, 1000),
    });
  }

  /**
   * Every pending message needs a job in Redis that will send it: the one its outbox rows name last (its first send
   * job, or a coordinator's retry of it). A job Redis no longer holds (lost with its data) is added again under its
   * own id, so the sender, which sends only a pending message and marks it sent, sends it once. A job Redis holds as
   * failed while the message is pending failed for good without the worker recording it (it died in between): the
   * failure is recorded now, as the worker would have, so the message is listed as failed and can be retried.
   */
  async recoverLostJobs(): Promise<{ restored: number; failed: number }> {
    const recovered = { restored: 0, failed: 0 };
    for (let after = 0; ;) {
      const pending = await this.dataSource.manager.find(Notification, {
        select: { id: true, attempts: true },
        where: { status: 'pending', id: MoreThan(after) },
        order: { id: 'ASC' },
        take: RESTORE_BATCH,
      });
      if (pending.length === 0) return recovered;
      after = pending[pending.length - 1].id;
      const { restored, failed } = await this.outbox.restoreLost(await this.servingJobs(pending));
      recovered.restored += restored.length;
      const attemptsOf = new Map(pending.map((row) => [row.id, row.attempts]));
      for (const { job, failedReason } of failed) {
        const notificationId = (job.payload as { notificationId: number }).notificationId;
        const attempts = attemptsOf.get(notificationId)!;
        // Only if nothing touched the row since it was read: an attempt recorded meanwhile changes its count.
        const result = await this.dataSource.manager.update(Notification,
          { id: notificationId, status: 'pending', attempts },
          { status: 'failed', attempts: attempts + 1, lastError: failedReason.slice(0, 2000) });
        recovered.failed += result.affected ?? 0;
      }
    }
  }

  /** The job serving each pending message: of those it may have, the one recorded last in the outbox. */
  private async servingJobs(pending: Array<Pick<Notification, 'id' | 'attempts'>>): Promise<OutboxJob[]> {
    // A message never failed (no attempt recorded) was never retried: its first send job serves it, no lookup needed.
    const candidates = pending.filter((row) => row.attempts > 0).flatMap((row) => notificationJobsUpTo(row.id, row.attempts).map((job) => job.jobId));
    const recorded = candidates.length === 0 ? [] : await this.dataSource.manager.find(OutboxMessage, {
      select: { id: true, jobId: true },
      where: { jobId: In(candidates) },
    });
    const outboxIdOf = new Map(recorded.map((row) => [row.jobId, Number(row.id)]));
    return pending.map((row) => {
      const jobs = notificationJobsUpTo(row.id, row.attempts);
      return jobs.reduce((latest, job) => ((outboxIdOf.get(job.jobId) ?? -1) > (outboxIdOf.get(latest.jobId) ?? -1) ? job : latest), jobs[0]);
    });
  }

  /** A coordinator's retry of a message that ended `failed`: back to pending, with a fresh send job. */
  async retry(notificationId: number): Promise<Notification> {
    return this.outbox.transaction(async (tx) => {
      const row = await tx.manager.findOne(Notification, { where: { id: notificationId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundError(`Notification ${notificationId} not found`);
      if (row.status !== 'failed') throw new ConflictError(`Notification ${notificationId} is ${row.status}; only a failed one can be retried`, 'notification_not_failed');
      row.status = 'pending';
      row.lastError = null;
      await tx.manager.save(row);
      tx.emit(retryNotificationJob(row.id, row.attempts));
      return row;
    });
  }
}

const RECORD_COLUMNS = [
  'cohort_id', 'type', 'recipient_email', 'recipient_name', 'subject', 'body_text', 'body_html', 'link_role', 'link_application_id', 'link_check_in_id', 'link_staff_id', 'dedupe_key',
];

/** The messages of these dedupe keys still pending: those just inserted, and those of a repeated event not sent yet. */
async function pendingIds(tx: Transaction, dedupeKeys: string[]): Promise<number[]> {
  const stored: Array<{ id: number }> = await tx.manager.query("SELECT id FROM notifications WHERE dedupe_key IN (?) AND status = 'pending'", [dedupeKeys]);
  return stored.map((row) => row.id);
}
