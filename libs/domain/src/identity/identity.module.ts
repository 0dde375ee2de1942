import { Module } from '@nestjs/common';
import { ApplicantTokensService } from './applicant-tokens.service';
import { CheckInTokensService } from './check-in-tokens.service';
import { CoordinatorsService } from './coordinators.service';
import { StaffSessionsService } from './staff-sessions.service';

/** Who is calling: applicants by their personal token, staff by a session or a personal API token, a check-in link by its own. */
@Module({
  providers: [ApplicantTokensService, CheckInTokensService, CoordinatorsService, StaffSessionsService],
  exports: [ApplicantTokensService, CheckInTokensService, CoordinatorsService, StaffSessionsService],
})
export class IdentityModule {}
