import { ApplicantIdentity, SurveyResponsesService } from '@app/domain';
import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApplicantGuard, CurrentApplicant } from '../auth/applicant.guard';
import { IdPipe } from '../common/id.pipe';
import { SurveyResponseDto } from './survey.dto';

/** The surveys an applicant was invited to, answered on /me until each closes. */
@ApiTags('applicant: surveys')
@ApiBearerAuth()
@UseGuards(ApplicantGuard)
@Controller('api/me/surveys')
export class MeSurveysController {
  constructor(private readonly responses: SurveyResponsesService) {}

  @Get()
  list(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.responses.list(applicant);
  }

  @Put(':surveyId/response')
  @UseGuards(ThrottlerGuard)
  answer(@CurrentApplicant() applicant: ApplicantIdentity, @Param('surveyId', IdPipe) surveyId: number, @Body() body: SurveyResponseDto) {
    return this.responses.answer(applicant, surveyId, body.answers, body.shareName ?? false);
  }
}
