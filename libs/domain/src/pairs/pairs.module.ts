import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { IdentityModule } from '../identity/identity.module';
import { MatchesModule } from '../matches/matches.module';
import { MessagingModule } from '../messaging/messaging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CheckInsService } from './check-ins.service';
import { PairLifecycleService } from './pair-lifecycle.service';
import { PairMembersService } from './pair-members.service';
import { PairQueriesService } from './pair-queries.service';

/** The mentorship phase (DESIGN §7): pairs' goals and meetings, check-ins, health, ending and completion. */
@Module({
  imports: [CohortsModule, IdentityModule, MatchesModule, MessagingModule, NotificationsModule],
  providers: [CheckInsService, PairLifecycleService, PairMembersService, PairQueriesService],
  exports: [CheckInsService, PairLifecycleService, PairMembersService, PairQueriesService],
})
export class PairsModule {}
