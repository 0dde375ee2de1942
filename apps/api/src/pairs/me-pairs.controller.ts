import { ApplicantIdentity, PairMembersService } from '@app/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApplicantGuard, CurrentApplicant } from '../auth/applicant.guard';
import { IdPipe } from '../common/id.pipe';
import { EndPairDto, GoalsDto, MeetingDto } from './pair.dto';

/** A pair's members on their personal pages (DESIGN §7); writes are rate-limited like the other applicant writes. */
@ApiTags('applicant: pairs')
@ApiBearerAuth()
@UseGuards(ApplicantGuard)
@Controller('api/me/pairs')
export class MePairsController {
  constructor(private readonly pairs: PairMembersService) {}

  @Get()
  list(@CurrentApplicant() applicant: ApplicantIdentity) {
    return this.pairs.list(applicant);
  }

  @Put(':matchId/goals')
  @UseGuards(ThrottlerGuard)
  replaceGoals(@CurrentApplicant() applicant: ApplicantIdentity, @Param('matchId', IdPipe) matchId: number, @Body() body: GoalsDto) {
    return this.pairs.replaceGoals(applicant, matchId, body.goals);
  }

  @Get(':matchId/meetings')
  meetings(@CurrentApplicant() applicant: ApplicantIdentity, @Param('matchId', IdPipe) matchId: number) {
    return this.pairs.meetings(applicant, matchId);
  }

  @Post(':matchId/meetings')
  @UseGuards(ThrottlerGuard)
  logMeeting(@CurrentApplicant() applicant: ApplicantIdentity, @Param('matchId', IdPipe) matchId: number, @Body() body: MeetingDto) {
    return this.pairs.logMeeting(applicant, matchId, { heldOn: body.heldOn, minutes: body.minutes, mode: body.mode, summary: body.summary || null });
  }

  @Delete(':matchId/meetings/:meetingId')
  @UseGuards(ThrottlerGuard)
  @HttpCode(204)
  removeMeeting(
    @CurrentApplicant() applicant: ApplicantIdentity,
    @Param('matchId', IdPipe) matchId: number,
    @Param('meetingId', IdPipe) meetingId: number,
  ) {
    return this.pairs.removeMeeting(applicant, matchId, meetingId);
  }

  @Post(':matchId/end')
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  end(@CurrentApplicant() applicant: ApplicantIdentity, @Param('matchId', IdPipe) matchId: number, @Body() body: EndPairDto) {
    return this.pairs.end(applicant, matchId, body.reason, body.note || null);
  }
}
