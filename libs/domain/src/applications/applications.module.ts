import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { IdentityModule } from '../identity/identity.module';
import { MessagingModule } from '../messaging/messaging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ApplicationEditsService } from './application-edits.service';
import { ApplicationReviewService } from './application-review.service';
import { MentorApplicationsService } from './mentor-applications.service';
import { StudentApplicationsService } from './student-applications.service';

/** Applications of both roles: submitting, the mentor directory, choices, applicants' own edits and the coordinators' review. */
@Module({
  imports: [CohortsModule, IdentityModule, MessagingModule, NotificationsModule],
  providers: [ApplicationEditsService, ApplicationReviewService, MentorApplicationsService, StudentApplicationsService],
  exports: [ApplicationEditsService, ApplicationReviewService, MentorApplicationsService, StudentApplicationsService],
})
export class ApplicationsModule {}
