import { Module } from '@nestjs/common';
import { ApplicantTokensService } from './applicant-tokens.service';
import { CoordinatorsService } from './coordinators.service';

/** Who is calling: applicants by their personal token, coordinators by theirs. */
@Module({ providers: [ApplicantTokensService, CoordinatorsService], exports: [ApplicantTokensService, CoordinatorsService] })
export class IdentityModule {}
