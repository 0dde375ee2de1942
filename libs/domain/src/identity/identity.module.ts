import { Module } from '@nestjs/common';
import { ApplicantTokensService } from './applicant-tokens.service';
import { CheckInTokensService } from './check-in-tokens.service';
import { CoordinatorsService } from './coordinators.service';

/** Who is calling: applicants by their personal token, coordinators by theirs, a check-in link by its own. */
@Module({
  providers: [ApplicantTokensService, CheckInTokensService, CoordinatorsService],
  exports: [ApplicantTokensService, CheckInTokensService, CoordinatorsService],
})
export class IdentityModule {}
