import { ApplicantIdentity, MeService, PrefillService, PrivacyService } from '@app/domain';
import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ChoicesDto, DeclineDto } from '../applications/application.dto';
import { ApplicantGuard, CurrentApplicant } from '../auth/applicant.guard';
import { IdPipe } from '../common/id.pipe';
import { ApiValidationPipe } from '../common/validation';
import { DETAILS_EDIT_DTO, MentorDetailsEditDto, StudentDetailsEditDto } from './details-edit.dto';
import { PrefillQuery } from './prefill.dto';

/** Every write is rate-limited like the public forms (PUBLIC_POST_RATE_LIMIT a minute per client and route). */
@ApiTags('applicant')
@ApiBearerAuth()
@UseGuards(ApplicantGuard)
@Controller('api/me')
export class MeController {
  /** The edit's body depends on the token's role, which the global pipe cannot know: it is checked here, with the same rules. */
  private readonly validation = new ApiValidationPipe();

  constructor(
    private readonly me: MeService,
    private readonly privacy: PrivacyService,
    private readonly prefills: PrefillService,
  ) {}

  @Get()
  profile(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.me.profile(applicant);
  }

  /** DESIGN §9: the applicant's own details, only the fields sent; email, student number and the rest stay as submitted. */
  @Patch()
  @UseGuards(ThrottlerGuard)
  @ApiExtraModels(MentorDetailsEditDto, StudentDetailsEditDto)
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(MentorDetailsEditDto) }, { $ref: getSchemaPath(StudentDetailsEditDto) }] } })
  async editDetails(@CurrentApplicant() applicant: ApplicantIdentity, @Body() body: object) {
    const edit = await this.validation.transform(body, { type: 'body', metatype: DETAILS_EDIT_DTO[applicant.role] });
    return this.me.editDetails(applicant, edit);
  }

  /** DESIGN §10: open cohorts this person has not applied to in the link's role ("申请新一期"). */
  @Get('open-cohorts')
  openCohorts(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.prefills.openCohorts(applicant);
  }

  /** The new cohort's form, filled from the person's latest application of the link's role; they still submit it themselves. */
  @Get('prefill')
  prefill(@CurrentApplicant() applicant: ApplicantIdentity, @Query() query: PrefillQuery) {
    return this.prefills.prefill(applicant, query.cohortId);
  }

  @Put('choices')
  @UseGuards(ThrottlerGuard)
  replaceChoices(@CurrentApplicant() applicant: ApplicantIdentity, @Body() body: ChoicesDto) {
    return this.me.replaceChoices(applicant, body.choices);
  }

  @Post('withdraw')
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  withdraw(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.me.withdraw(applicant);
  }

  /** DESIGN §10: everything held about the applicant, as JSON to keep. */
  @Get('export')
  @UseGuards(ThrottlerGuard)
  @Header('Content-Disposition', 'attachment; filename="my-data.json"')
  exportData(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.privacy.export(applicant);
  }

  /** DESIGN §10: withdrawn and anonymised, open pairs ended; this token (and every other of the application) stops working. */
  @Post('erase')
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  erase(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.privacy.erase(applicant);
  }

  @Get('proposals')
  proposals(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.me.proposals(applicant);
  }

  @Post('proposals/:matchId/accept')
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  accept(@CurrentApplicant() applicant: ApplicantIdentity, @Param('matchId', IdPipe) matchId: number) {
    return this.me.accept(applicant, matchId);
  }

  @Post('proposals/:matchId/decline')
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  decline(@CurrentApplicant() applicant: ApplicantIdentity, @Param('matchId', IdPipe) matchId: number, @Body() body: DeclineDto) {
    return this.me.decline(applicant, matchId, body.reason, body.note ?? null);
  }
}
