import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { MessagingModule } from '../messaging/messaging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PairsModule } from '../pairs/pairs.module';
import { AnnouncementAudienceService } from './announcement-audience.service';
import { AnnouncementsService } from './announcements.service';

/** Coordinators' announcements (DESIGN §9): audiences, the fan-out of their emails, and the list with its counts. */
@Module({
  imports: [CohortsModule, MessagingModule, NotificationsModule, PairsModule],
  providers: [AnnouncementsService, AnnouncementAudienceService],
  exports: [AnnouncementsService],
})
export class AnnouncementsModule {}
