import { NotificationStatus } from '@app/contracts';
import { Notification } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { requeuedNotificationJob, retryNotificationJob, sendNotificationJob } from '../messaging/jobs';
import { OutboxService, Transaction } from '../messaging/outbox.service';
import { dedupeKeyOf, NotificationMessage, personalLinkOwner } from './messages';
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
    const rows = messages.map((message) => {
      const rendered = renderNotification(message);
      const owner = personalLinkOwner(message);
      return {
        cohortId: message.cohortId,
        type: message.type,
        recipientEmail: message.recipient.email,
        recipientName: message.recipient.name.slice(0, 100),
        subject: rendered.subject.slice(0, 300),
        bodyText: rendered.text,
        bodyHtml: rendered.html,
        linkRole: owner?.role ?? null,
        linkApplicationId: owner?.applicationId ?? null,
        dedupeKey: dedupeKeyOf(message),
      };
    });
    for (let start = 0; start < rows.length; start += 500) {
      const chunk = rows.slice(start, start + 500);
      await tx.manager.createQueryBuilder().insert().into(Notification).values(chunk).orIgnore().updateEntity(false).execute();
      // The ids are read back by the unique dedupe key, never derived from the first inserted id (see OutboxService.store).
      tx.emit(...(await pendingIds(tx, chunk.map((row) => row.dedupeKey))).map(sendNotificationJob));
    }
  }

  list(filter: { status?: NotificationStatus; cohortId?: number; limit?: number }): Promise<Notification[]> {
    return this.dataSource.manager.find(Notification, {
      where: { ...(filter.status && { status: filter.status }), ...(filter.cohortId && { cohortId: filter.cohortId }) },
      order: { id: 'DESC' },
      take: Math.min(filter.limit ?? 200, 1000),
    });
  }

  /**
   * Messages pending for longer than any retry schedule lasts have lost their job (Redis lost its data):
   * queue them again. The job id names the row's last change, so reconciling twice adds one job.
   */
  async requeueStale(staleAfterMs = 10 * 60_000): Promise<number> {
    const stale = await this.dataSource.manager.find(Notification, {
      select: { id: true, updatedAt: true },
      where: { status: 'pending', updatedAt: LessThan(new Date(Date.now() - staleAfterMs)) },
      order: { id: 'ASC' },
      take: 1000,
    });
    return this.outbox.requeue(stale.map((row) => requeuedNotificationJob(row.id, row.updatedAt)));
  }

  /** A coordinator's retry of a message that ended `failed`: back to pending, with a fresh send job. */
  async retry(notificationId: number): Promise<Notification> {
    return this.outbox.transaction(async (tx) => {
      const row = await tx.manager.findOne(Notification, { where: { id: notificationId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundError(`Notification ${notificationId} not found`);
      if (row.status !== 'failed') throw new ConflictError(`Notification ${notificationId} is ${row.status}; only a failed one can be retried`);
      row.status = 'pending';
      row.lastError = null;
      await tx.manager.save(row);
      tx.emit(retryNotificationJob(row.id, row.attempts));
      return row;
    });
  }
}

/** The messages of these dedupe keys still pending: those just inserted, and those of a repeated event not sent yet. */
async function pendingIds(tx: Transaction, dedupeKeys: string[]): Promise<number[]> {
  const stored = await tx.manager
    .createQueryBuilder(Notification, 'n')
    .select(['n.id'])
    .where('n.dedupeKey IN (:...keys)', { keys: dedupeKeys })
    .andWhere("n.status = 'pending'")
    .getMany();
  return stored.map((row) => row.id);
}
