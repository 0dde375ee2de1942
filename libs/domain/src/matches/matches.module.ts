import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { MessagingModule } from '../messaging/messaging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { MatchQueriesService } from './match-queries.service';
import { MatchesService } from './matches.service';

/** Proposals and matches: the state machine, the capacity rule and the read models of who sees what. */
@Module({
  imports: [CohortsModule, MessagingModule, NotificationsModule],
  providers: [MatchesService, MatchQueriesService],
  exports: [MatchesService, MatchQueriesService],
})
export class MatchesModule {}
