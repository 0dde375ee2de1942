import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { IdentityModule } from '../identity/identity.module';
import { MessagingModule } from '../messaging/messaging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ApplicationReviewService } from './application-review.service';
import { MentorApplicationsService } from './mentor-applications.service';
import { StudentApplicationsService } from './student-applications.service';

/** Applications of both roles: submitting, the mentor directory, choices and the coordinators' review. */
@Module({
  imports: [CohortsModule, IdentityModule, MessagingModule, NotificationsModule],
  providers: [ApplicationReviewService, MentorApplicationsService, StudentApplicationsService],
  exports: [ApplicationReviewService, MentorApplicationsService, StudentApplicationsService],
})
export class ApplicationsModule {}
