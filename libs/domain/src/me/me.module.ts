import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { CohortsModule } from '../cohorts/cohorts.module';
import { MatchesModule } from '../matches/matches.module';
import { MessagingModule } from '../messaging/messaging.module';
import { RoundsModule } from '../rounds/rounds.module';
import { MeService } from './me.service';

/** The applicant's personal page: their own application, matches and last round, and what they may do. */
@Module({
  imports: [ApplicationsModule, CertificatesModule, CohortsModule, MatchesModule, MessagingModule, RoundsModule],
  providers: [MeService],
  exports: [MeService],
})
export class MeModule {}
