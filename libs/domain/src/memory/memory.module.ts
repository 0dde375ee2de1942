import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { CohortsModule } from '../cohorts/cohorts.module';
import { ApplicantHistoryService } from './applicant-history.service';
import { PrefillService } from './prefill.service';

/**
 * Memory across cohorts (DESIGN §10): people recognised by normalised email, their earlier cohorts on the
 * coordinators' lists, and "申请新一期" prefilled from the latest application. The round's rule about earlier pairs
 * (`earlier-pairs.ts`) is a plain function the round pool calls.
 */
@Module({
  imports: [ApplicationsModule, CohortsModule],
  providers: [ApplicantHistoryService, PrefillService],
  exports: [ApplicantHistoryService, PrefillService],
})
export class MemoryModule {}
