import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { MessagingModule } from '../messaging/messaging.module';
import { NotificationPolicy } from './notification-policy';
import { NotificationSenderService } from './notification-sender.service';
import { NotificationsService } from './notifications.service';

/** Emails: what goes out on which event (the policy), recording them with the outbox, and sending them. */
@Module({
  imports: [IdentityModule, MessagingModule],
  providers: [NotificationPolicy, NotificationsService, NotificationSenderService],
  exports: [NotificationPolicy, NotificationsService, NotificationSenderService],
})
export class NotificationsModule {}
