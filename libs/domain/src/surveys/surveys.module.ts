import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { MessagingModule } from '../messaging/messaging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SurveyResponsesService } from './survey-responses.service';
import { SurveyResultsService } from './survey-results.service';
import { SurveysService } from './surveys.service';

/** Feedback (DESIGN §8): surveys coordinators publish, the answers people give on /me, and the results. */
@Module({
  imports: [CohortsModule, MessagingModule, NotificationsModule],
  providers: [SurveysService, SurveyResponsesService, SurveyResultsService],
  exports: [SurveysService, SurveyResponsesService, SurveyResultsService],
})
export class SurveysModule {}
