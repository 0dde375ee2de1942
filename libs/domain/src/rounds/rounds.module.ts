import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { MatchesModule } from '../matches/matches.module';
import { MessagingModule } from '../messaging/messaging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AutoRoundsService } from './auto-rounds.service';
import { RoundRequestsService } from './round-requests.service';
import { RoundRunnerService } from './round-runner.service';

/** Matching rounds: requests and records, the run itself, and the autoRounds policy. */
@Module({
  imports: [CohortsModule, MatchesModule, MessagingModule, NotificationsModule],
  providers: [AutoRoundsService, RoundRequestsService, RoundRunnerService],
  exports: [AutoRoundsService, RoundRequestsService, RoundRunnerService],
})
export class RoundsModule {}
