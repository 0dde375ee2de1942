import { AppConfig } from '@app/config';
import { Notification } from '@app/database';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, SendMailOptions, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { PermanentError } from '../errors/domain-errors';
import { ApplicantIdentity, ApplicantTokensService } from '../identity/applicant-tokens.service';
import { CheckInTokensService } from '../identity/check-in-tokens.service';
import { StaffSessionsService } from '../identity/staff-sessions.service';
import { MessageLinks, sentBodies } from './templates';

export type SendOutcome = 'sent' | 'not-pending' | 'missing';

/** SMTP connections kept open by the pool; each carries up to SMTP_MESSAGES_PER_CONNECTION messages before reconnecting. */
const SMTP_POOL_CONNECTIONS = 20;
const SMTP_MESSAGES_PER_CONNECTION = 1000;

/** What sending reads of a notification: one statement per message, so the raw SQL skips the query builder's cost. */
export type OutgoingNotification = Pick<
  Notification,
  'status' | 'recipientEmail' | 'recipientName' | 'subject' | 'bodyText' | 'bodyHtml' | 'linkRole' | 'linkApplicationId' | 'linkCheckInId' | 'linkStaffId'
>;
const SELECT_OUTGOING = `SELECT id, status, recipient_email AS recipientEmail, recipient_name AS recipientName, subject,
  body_text AS bodyText, body_html AS bodyHtml, link_role AS linkRole, link_application_id AS linkApplicationId,
  link_check_in_id AS linkCheckInId, link_staff_id AS linkStaffId FROM notifications WHERE id IN (?)`;
const MARK_SENT = `UPDATE notifications SET status = 'sent', sent_at = CURRENT_TIMESTAMP(3), last_error = NULL, attempts = attempts + 1
  WHERE id IN (?) AND status = 'pending'`;

/** Most ids one statement of a batch names. */
const BATCH_LIMIT = 200;

/**
 * Statements of one kind a worker keeps in flight at once. More than one, so a statement waiting on a row lock (a
 * coordinator's retry holding the row, a slow disk) delays only the calls batched with it, not every later one.
 */
const BATCHES_IN_FLIGHT = 16;

/**
 * One statement for the calls of concurrent jobs: while BATCHES_IN_FLIGHT statements are in flight, the calls made
 * meanwhile wait and go together in the next one. A quiet worker runs each call at once; a busy one saves a database
 * round trip per message. When a batch fails, each of its calls runs alone, so one bad row (a token for an application
 * deleted meanwhile) fails its own job only.
 */
class Batched<I, O> {
  private waiting: Array<{ input: I; resolve: (output: O) => void; reject: (error: unknown) => void }> = [];
  private inFlight = 0;

  constructor(private readonly run: (inputs: I[]) => Promise<O[]>) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.inFlight < BATCHES_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, BATCH_LIMIT);
      this.inFlight += 1;
      void this.runBatch(batch).finally(() => {
        this.inFlight -= 1;
        this.next();
      });
    }
  }

  private async runBatch(batch: Array<{ input: I; resolve: (output: O) => void; reject: (error: unknown) => void }>): Promise<void> {
    try {
      const outputs = await this.run(batch.map((call) => call.input));
      batch.forEach((call, index) => call.resolve(outputs[index]));
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error);
      else await Promise.all(batch.map((call) => this.run([call.input]).then(([output]) => call.resolve(output), call.reject)));
    }
  }
}

/** The Message-ID of a notification: the same on every attempt, so receiving servers and clients can spot a duplicate. */
export function messageIdOf(notificationId: number, publicUrl: string): string {
  return `<notification-${notificationId}@${new URL(publicUrl).hostname}>`;
}

/** The message as it goes to SMTP: the stored bodies laid out, with the links filled in. */
export function outgoingMail(
  notificationId: number,
  notification: OutgoingNotification,
  links: MessageLinks,
  config: Pick<AppConfig, 'MAIL_FROM' | 'PUBLIC_URL'>,
): SendMailOptions {
  return {
    from: config.MAIL_FROM,
    to: { name: notification.recipientName, address: notification.recipientEmail },
    subject: notification.subject,
    ...sentBodies({ subject: notification.subject, text: notification.bodyText, html: notification.bodyHtml }, links),
    // The bodies are mostly Chinese: base64 takes 4 bytes a character where quoted-printable takes 9.
    textEncoding: 'base64',
    messageId: messageIdOf(notificationId, config.PUBLIC_URL),
    headers: { 'X-Shiyou-Notification': String(notificationId) },
  };
}

/** A 5xx reply is SMTP's "permanent failure": retrying cannot help, so the message ends failed at once. */
function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Sends one recorded notification through SMTP. Only a pending message is sent, so a job run again for a message
 * already sent sends nothing; the one window left is a crash between the SMTP server's accept and the status update
 * (see README, Notifications).
 */
@Injectable()
export class NotificationSenderService implements OnModuleDestroy {
  private transporter: Transporter | null = null;
  private readonly reads = new Batched<number, OutgoingNotification | undefined>(async (ids) => {
    const rows = await this.dataSource.query<Array<OutgoingNotification & { id: number }>>(SELECT_OUTGOING, [ids]);
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    return ids.map((id) => byId.get(id));
  });
  private readonly marks = new Batched<number, void>(async (ids) => {
    await this.dataSource.query(MARK_SENT, [ids]);
    return [];
  });
  private readonly personalTokens = new Batched<ApplicantIdentity, string>((identities) => this.tokens.mintEach(this.dataSource.manager, identities));
  private readonly checkInLinkTokens = new Batched<number, string>((checkInIds) => this.checkInTokens.mintEach(this.dataSource.manager, checkInIds));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: ApplicantTokensService,
    private readonly checkInTokens: CheckInTokensService,
    private readonly staffSessions: StaffSessionsService,
    private readonly config: AppConfig,
  ) {}

  async send(notificationId: number): Promise<SendOutcome> {
    const notification = await this.reads.call(notificationId);
    if (!notification) return 'missing';
    if (notification.status !== 'pending') return 'not-pending';
    const links = await this.links(notification);
    try {
      await this.transport().sendMail(outgoingMail(notificationId, notification, links, this.config));
    } catch (error) {
      if (isPermanentSmtpError(error)) throw new PermanentError(`SMTP rejected the message permanently: ${(error as Error).message}`);
      throw error;
    }
    await this.marks.call(notificationId);
    return 'sent';
  }

  /** Counts a failed attempt; the final one (no retries left, or a permanent error) marks the message failed. */
  async recordFailure(notificationId: number, error: string, final: boolean): Promise<void> {
    await this.dataSource.manager
      .createQueryBuilder()
      .update(Notification)
      .set({ lastError: error.slice(0, 2000), attempts: () => 'attempts + 1', ...(final && { status: 'failed' as const }) })
      .where({ id: notificationId, status: 'pending' })
      .execute();
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }

  /**
   * Fresh tokens per attempt: the stored body never holds one, so coordinators listing notifications never see it,
   * and a token leaked from one email can be told apart from the applicant's others.
   */
  private async links(notification: OutgoingNotification): Promise<MessageLinks> {
    const base = this.config.PUBLIC_URL.replace(/\/$/, '');
    const [personal, checkIn, signIn] = await Promise.all([
      notification.linkRole && notification.linkApplicationId
        ? this.personalTokens.call({ role: notification.linkRole, applicationId: notification.linkApplicationId }).then((token) => `${base}/me#token=${token}`)
        : null,
      notification.linkCheckInId ? this.checkInLinkTokens.call(notification.linkCheckInId).then((token) => `${base}/check-in#token=${token}`) : null,
      // Sign-in links are rare (one per staff request): minted one at a time.
      notification.linkStaffId ? this.staffSessions.mintSignInLink(this.dataSource.manager, notification.linkStaffId).then((token) => `${base}/admin/sign-in#token=${token}`) : null,
    ]);
    return { personal, checkIn, signIn };
  }

  private transport(): Transporter {
    if (!this.config.SMTP_URL) throw new Error('SMTP_URL is not configured: notifications cannot be sent');
    // Options beside `url` are transport options (the second argument of createTransport would be message defaults).
    // The pool sends at most MAIL_RATE_PER_SECOND messages a second from this worker process.
    this.transporter ??= createTransport({
      url: this.config.SMTP_URL,
      pool: true,
      maxConnections: SMTP_POOL_CONNECTIONS,
      maxMessages: SMTP_MESSAGES_PER_CONNECTION,
      rateDelta: 1000,
      rateLimit: this.config.MAIL_RATE_PER_SECOND,
    });
    return this.transporter;
  }
}
