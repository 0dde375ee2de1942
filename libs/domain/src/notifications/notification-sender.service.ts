import { AppConfig } from '@app/config';
import { Notification } from '@app/database';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { ApplicantTokensService } from '../applications/applicant-tokens.service';
import { fillPersonalLink } from './templates';

/**
 * Sends one recorded notification through SMTP. A message already marked sent is never sent again; the one
 * window left is a crash between the SMTP server's accept and the status update (see README, Notifications).
 */
@Injectable()
export class NotificationSenderService implements OnModuleDestroy {
  private readonly logger = new Logger(NotificationSenderService.name);
  private transporter: Transporter | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: ApplicantTokensService,
    private readonly config: AppConfig,
  ) {}

  async send(notificationId: number): Promise<'sent' | 'already-sent' | 'missing'> {
    const repository = this.dataSource.getRepository(Notification);
    const notification = await repository.findOneBy({ id: notificationId });
    if (!notification) return 'missing';
    if (notification.status === 'sent') return 'already-sent';
    await repository.increment({ id: notificationId }, 'attempts', 1);
    const link = await this.personalLink(notification);
    await this.transport().sendMail({
      from: this.config.MAIL_FROM,
      to: { name: notification.recipientName, address: notification.recipientEmail },
      subject: notification.subject,
      text: link ? fillPersonalLink(notification.bodyText, link) : notification.bodyText,
      html: link ? fillPersonalLink(notification.bodyHtml, link) : notification.bodyHtml,
      messageId: `<notification-${notification.id}@${new URL(this.config.PUBLIC_URL).hostname}>`,
      headers: { 'X-Shiyou-Notification': String(notification.id) },
    });
    await repository.update({ id: notificationId }, { status: 'sent', sentAt: new Date(), lastError: null });
    return 'sent';
  }

  async recordFailure(notificationId: number, error: string, final: boolean): Promise<void> {
    await this.dataSource.getRepository(Notification).update(
      { id: notificationId, status: 'pending' },
      { lastError: error.slice(0, 2000), ...(final && { status: 'failed' as const }) },
    );
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }

  /** A fresh token per sent message: the stored body never holds one, so coordinators never see it. */
  private async personalLink(notification: Notification): Promise<string | null> {
    if (!notification.linkRole || !notification.linkApplicationId) return null;
    const token = await this.tokens.mint(this.dataSource.manager, { role: notification.linkRole, applicationId: notification.linkApplicationId });
    return `${this.config.PUBLIC_URL.replace(/\/$/, '')}/me#token=${token}`;
  }

  private transport(): Transporter {
    if (!this.config.SMTP_URL) throw new Error('SMTP_URL is not configured: notifications cannot be sent');
    this.transporter ??= createTransport(this.config.SMTP_URL, { pool: true, maxConnections: 5 } as never);
    return this.transporter;
  }
}
