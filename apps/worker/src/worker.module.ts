import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MatchesModule, MessagingModule, NotificationsModule, QueuesModule, RoundsModule } from '@app/domain';
import { Module } from '@nestjs/common';
import { MatchingProcessor } from './matching.processor';
import { NotificationsProcessor } from './notifications.processor';
import { OffersProcessor } from './offers.processor';
import { OutboxProcessor } from './outbox.processor';
import { Schedules } from './schedules';

@Module({
  imports: [ConfigModule, DatabaseModule, QueuesModule.forRoot({ failFast: false }), MatchesModule, MessagingModule, NotificationsModule, RoundsModule],
  providers: [MatchingProcessor, OffersProcessor, NotificationsProcessor, OutboxProcessor, Schedules],
})
export class WorkerModule {}
