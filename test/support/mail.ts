import { Notification } from '@app/database';
import type { SinkMessage, SmtpSink } from '../../scripts/smtp-sink';
import { TestSystem, waitFor } from './system';

/** Reading what the SMTP sink received, against the notifications rows that caused it. */

/** The notification a mail was sent for (the sender's own header). */
export const notificationIdOf = (mail: SinkMessage) => Number(mail.headers['x-shiyou-notification']);

/** The applicant token of the personal link in a mail (`/me#token=…`), if it has one. */
export const personalTokenIn = (mail: SinkMessage) => /\/me#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];

export const notificationRows = (system: TestSystem) => system.db.dataSource.getRepository(Notification).find({ order: { id: 'ASC' } });

export const lastNotificationId = async (system: TestSystem) => (await notificationRows(system)).at(-1)?.id ?? 0;

/**
 * Waits until every notification after `afterId` is sent and the sink holds one message for each, then until the
 * system has settled (no job left to run, no message pending), so that a duplicate would show; returns those rows.
 */
export async function allDelivered(system: TestSystem, sink: SmtpSink, afterId: number, timeoutMs = 30_000): Promise<Notification[]> {
  const recent = async () => (await notificationRows(system)).filter((row) => row.id > afterId);
  await waitFor('every notification sent', async () => {
    const created = await recent();
    return created.length > 0 && created.every((row) => row.status === 'sent') && sink.messages.length >= created.length;
  }, timeoutMs, 200);
  await system.settled({ mail: true, timeoutMs });
  return recent();
}
