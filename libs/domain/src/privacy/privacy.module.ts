import { Module } from '@nestjs/common';
import { MatchesModule } from '../matches/matches.module';
import { MessagingModule } from '../messaging/messaging.module';
import { PrivacyService } from './privacy.service';

/** DESIGN §10's personal data: applicants' export and erasure, a cohort's purge, and its retention. */
@Module({ imports: [MatchesModule, MessagingModule], providers: [PrivacyService], exports: [PrivacyService] })
export class PrivacyModule {}
