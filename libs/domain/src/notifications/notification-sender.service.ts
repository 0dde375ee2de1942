import { AppConfig } from '@app/config';
import { Notification } from '@app/database';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { PermanentError } from '../errors/domain-errors';
import { ApplicantTokensService } from '../identity/applicant-tokens.service';
import { CheckInTokensService } from '../identity/check-in-tokens.service';
import { StaffSessionsService } from '../identity/staff-sessions.service';
import { fillLinks, MessageLinks } from './templates';

export type SendOutcome = 'sent' | 'not-pending' | 'missing';

/** SMTP connections kept open by the pool; each carries up to SMTP_MESSAGES_PER_CONNECTION messages before reconnecting. */
const SMTP_POOL_CONNECTIONS = 20;
const SMTP_MESSAGES_PER_CONNECTION = 1000;

/** What sending reads of a notification: one statement per message, so the raw SQL skips the query builder's cost. */
type OutgoingNotification = Pick<
  Notification,
  'status' | 'recipientEmail' | 'recipientName' | 'subject' | 'bodyText' | 'bodyHtml' | 'linkRole' | 'linkApplicationId' | 'linkCheckInId' | 'linkStaffId'
>;
const SELECT_OUTGOING = `SELECT status, recipient_email AS recipientEmail, recipient_name AS recipientName, subject,
  body_text AS bodyText, body_html AS bodyHtml, link_role AS linkRole, link_application_id AS linkApplicationId,
  link_check_in_id AS linkCheckInId, link_staff_id AS linkStaffId FROM notifications WHERE id = ?`;
const MARK_SENT = `UPDATE notifications SET status = 'sent', sent_at = CURRENT_TIMESTAMP(3), last_error = NULL, attempts = attempts + 1
  WHERE id = ? AND status = 'pending'`;

/** The Message-ID of a notification: the same on every attempt, so receiving servers and clients can spot a duplicate. */
export function messageIdOf(notificationId: number, publicUrl: string): string {
  return `<notification-${notificationId}@${new URL(publicUrl).hostname}>`;
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

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: ApplicantTokensService,
    private readonly checkInTokens: CheckInTokensService,
    private readonly staffSessions: StaffSessionsService,
    private readonly config: AppConfig,
  ) {}

  async send(notificationId: number): Promise<SendOutcome> {
    const [notification] = await this.dataSource.query<OutgoingNotification[]>(SELECT_OUTGOING, [notificationId]);
    if (!notification) return 'missing';
    if (notification.status !== 'pending') return 'not-pending';
    const links = await this.links(notification);
    const fill = (body: string, format: 'text' | 'html') => fillLinks(body, links, format);
    try {
      await this.transport().sendMail({
        from: this.config.MAIL_FROM,
        to: { name: notification.recipientName, address: notification.recipientEmail },
        subject: notification.subject,
        text: fill(notification.bodyText, 'text'),
        html: fill(notification.bodyHtml, 'html'),
        // The bodies are mostly Chinese: base64 takes 4 bytes a character where quoted-printable takes 9.
        textEncoding: 'base64',
        messageId: messageIdOf(notificationId, this.config.PUBLIC_URL),
        headers: { 'X-Shiyou-Notification': String(notificationId) },
      });
    } catch (error) {
      if (isPermanentSmtpError(error)) throw new PermanentError(`SMTP rejected the message permanently: ${(error as Error).message}`);
      throw error;
    }
    await this.dataSource.query(MARK_SENT, [notificationId]);
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
    const manager = this.dataSource.manager;
    const personal = notification.linkRole && notification.linkApplicationId
      ? `${base}/me#token=${await this.tokens.mint(manager, { role: notification.linkRole, applicationId: notification.linkApplicationId })}`
      : null;
    const checkIn = notification.linkCheckInId ? `${base}/check-in#token=${await this.checkInTokens.mint(manager, notification.linkCheckInId)}` : null;
    const signIn = notification.linkStaffId ? `${base}/admin/sign-in#token=${await this.staffSessions.mintSignInLink(manager, notification.linkStaffId)}` : null;
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
