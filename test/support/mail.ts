import { Notification } from '@app/database';
import { SinkMessage, SmtpSink, startSmtpSink } from '../../scripts/smtp-sink';
import { startSystem, SystemOptions, TestSystem, waitFor } from './system';

/**
 * A system whose mail goes to an SMTP sink in this process, and reading what the sink received against the
 * notifications rows that caused it.
 */

export interface SystemWithSink {
  system: TestSystem;
  sink: SmtpSink;
  /** For afterAll: stops the system, then the sink. */
  stop(): Promise<void>;
}

/** startSystem's database, API and worker, their SMTP_URL a sink of their own. `options.env` adds to their environment. */
export async function startSystemWithSink(name: string, options: Omit<SystemOptions, 'name'> = {}): Promise<SystemWithSink> {
  const sink = await startSmtpSink({ port: 0 });
  try {
    const system = await startSystem({ ...options, name, env: { ...options.env, SMTP_URL: `smtp://127.0.0.1:${sink.port}` } });
    return {
      system,
      sink,
      stop: async () => {
        await system.stop();
        await sink.stop();
      },
    };
  } catch (error) {
    // Nothing is returned for afterAll to stop: a sink left listening would keep jest from exiting.
    await sink.stop();
    throw error;
  }
}

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
