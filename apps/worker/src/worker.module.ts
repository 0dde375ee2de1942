import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { AnnouncementsModule, MatchesModule, MessagingModule, NotificationsModule, PairsModule, PrivacyModule, QueuesModule, RoundsModule, SelfServiceModule, SurveysModule } from '@app/domain';
import { Module } from '@nestjs/common';
import { AnnouncementsProcessor } from './announcements.processor';
import { MatchingProcessor } from './matching.processor';
import { NotificationsProcessor } from './notifications.processor';
import { OffersProcessor } from './offers.processor';
import { OutboxProcessor } from './outbox.processor';
import { PairsProcessor } from './pairs.processor';
import { PrivacyProcessor } from './privacy.processor';
import { SurveysProcessor } from './surveys.processor';
import { Schedules } from './schedules';

@Module({
  imports: [ConfigModule, DatabaseModule, QueuesModule.forRoot({ failFast: false }), MatchesModule, MessagingModule, NotificationsModule, PairsModule, RoundsModule, SelfServiceModule, SurveysModule, AnnouncementsModule, PrivacyModule],
  providers: [MatchingProcessor, OffersProcessor, NotificationsProcessor, OutboxProcessor, PairsProcessor, SurveysProcessor, AnnouncementsProcessor, PrivacyProcessor, Schedules],
})
export class WorkerModule {}
