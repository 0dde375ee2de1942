import { Module } from '@nestjs/common';
import { ApplicantTokensService } from './applications/applicant-tokens.service';
import { ApplicationReviewService } from './applications/application-review.service';
import { MeService } from './applications/me.service';
import { MentorApplicationsService } from './applications/mentor-applications.service';
import { StudentApplicationsService } from './applications/student-applications.service';
import { CohortsService } from './cohorts/cohorts.service';
import { CoordinatorsService } from './coordinators/coordinators.service';
import { MatchQueriesService } from './matches/match-queries.service';
import { MatchesService } from './matches/matches.service';
import { NotificationSenderService } from './notifications/notification-sender.service';
import { NotificationsService } from './notifications/notifications.service';
import { OutboxService } from './outbox/outbox.service';
import { RoundsService } from './rounds/rounds.service';

const SERVICES = [
  ApplicantTokensService, ApplicationReviewService, MeService, MentorApplicationsService, StudentApplicationsService,
  CohortsService, CoordinatorsService, MatchQueriesService, MatchesService, NotificationSenderService, NotificationsService, OutboxService, RoundsService,
];

/** The business rules both apps share. Needs ConfigModule, DatabaseModule and QueuesModule from the app. */
@Module({ providers: SERVICES, exports: SERVICES })
export class DomainModule {}
