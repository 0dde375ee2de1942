import { ApplicantIdentity, MatchesService, MeService, StudentApplicationsService } from '@app/domain';
import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ChoicesDto, DeclineDto } from '../applications/application.dto';
import { ApplicantGuard, CurrentApplicant } from '../auth/applicant.guard';
import { IdPipe } from '../common/id.pipe';

@ApiTags('applicant')
@ApiBearerAuth()
@UseGuards(ApplicantGuard)
@Controller('api/me')
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly students: StudentApplicationsService,
    private readonly matches: MatchesService,
  ) {}

  @Get()
  profile(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.me.profile(applicant);
  }

  @Put('choices')
  async replaceChoices(@CurrentApplicant() applicant: ApplicantIdentity, @Body() body: ChoicesDto) {
    if (applicant.role !== 'student') throw new ForbiddenException('Only students rank mentors');
    return { choices: await this.students.replaceChoices(applicant.applicationId, body.choices) };
  }

  @Post('withdraw')
  @HttpCode(200)
  withdraw(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.me.withdraw(applicant);
  }

  @Get('proposals')
  proposals(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.me.proposals(applicant);
  }

  @Post('proposals/:matchId/accept')
  @HttpCode(200)
  accept(@CurrentApplicant() applicant: ApplicantIdentity, @Param('matchId', IdPipe) matchId: number) {
    return this.matches.accept(mentorIdOf(applicant), matchId);
  }

  @Post('proposals/:matchId/decline')
  @HttpCode(200)
  decline(@CurrentApplicant() applicant: ApplicantIdentity, @Param('matchId', IdPipe) matchId: number, @Body() body: DeclineDto) {
    return this.matches.decline(mentorIdOf(applicant), matchId, body.reason, body.note ?? null);
  }
}

function mentorIdOf(applicant: ApplicantIdentity): number {
  if (applicant.role !== 'mentor') throw new ForbiddenException('Only mentors answer proposals');
  return applicant.applicationId;
}
