import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ResendLinkService } from './resend-link.service';

/** What people do for themselves without their personal link: ask for it again (DESIGN §9). */
@Module({
  imports: [MessagingModule, NotificationsModule],
  providers: [ResendLinkService],
  exports: [ResendLinkService],
})
export class SelfServiceModule {}
