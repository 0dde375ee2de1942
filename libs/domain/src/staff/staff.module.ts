import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CohortScope } from './cohort-scope.service';
import { PersonalTokensService } from './personal-tokens.service';
import { SignInService } from './sign-in.service';
import { StaffService } from './staff.service';

/** Staff accounts (DESIGN §10): the directory, asking for a sign-in link, personal API tokens, and the cohort scope. */
@Module({
  imports: [MessagingModule, NotificationsModule],
  providers: [CohortScope, PersonalTokensService, SignInService, StaffService],
  exports: [CohortScope, PersonalTokensService, SignInService, StaffService],
})
export class StaffModule {}
