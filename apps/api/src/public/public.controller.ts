import { MentorCard, PublicCohort } from '@app/contracts';
import { CohortsService, MentorApplicationsService, ResendLinkService, StudentApplicationsService } from '@app/domain';
import { Body, Controller, Get, HttpCode, Ip, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { MentorApplicationDto, StudentApplicationDto, SubmittedApplicationDto } from '../applications/application.dto';
import { IdPipe } from '../common/id.pipe';
import { ResendLinkDto } from './resend-link.dto';

@ApiTags('public')
@Controller('api')
export class PublicController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly mentors: MentorApplicationsService,
    private readonly students: StudentApplicationsService,
    private readonly resendLinks: ResendLinkService,
  ) {}

  @Get('public/cohorts')
  openCohorts() {
    return this.cohorts.listOpen();
  }

  /** Every announced cohort (open, closed or archived), newest first: the ones a person may ask their link again for. */
  @Get('public/announced-cohorts')
  announcedCohorts(): Promise<PublicCohort<Date>[]> {
    return this.cohorts.listAnnounced();
  }

  /** Any announced cohort (open, closed or archived), so a form can tell a closed cohort from an unknown one. */
  @Get('public/cohorts/:cohortId')
  cohort(@Param('cohortId', IdPipe) cohortId: number): Promise<PublicCohort<Date>> {
    return this.cohorts.getPublic(cohortId);
  }

  @Get('public/cohorts/:cohortId/mentors')
  directory(@Param('cohortId', IdPipe) cohortId: number): Promise<MentorCard[]> {
    return this.mentors.directory(cohortId);
  }

  @Post('cohorts/:cohortId/mentor-applications')
  @UseGuards(ThrottlerGuard)
  @HttpCode(201)
  applyAsMentor(@Param('cohortId', IdPipe) cohortId: number, @Body() body: MentorApplicationDto): Promise<SubmittedApplicationDto> {
    return this.mentors.submit(cohortId, body);
  }

  @Post('cohorts/:cohortId/student-applications')
  @UseGuards(ThrottlerGuard)
  @HttpCode(201)
  applyAsStudent(@Param('cohortId', IdPipe) cohortId: number, @Body() body: StudentApplicationDto): Promise<SubmittedApplicationDto> {
    return this.students.submit(cohortId, body);
  }

  /**
   * 202 and the same empty answer for every address and cohort id, over the rate limits too (which it counts itself,
   * per address and per client, instead of the throttler's 429): nothing tells whether the address applied.
   */
  @Post('public/cohorts/:cohortId/resend-link')
  @HttpCode(202)
  async resendLink(@Param('cohortId', IdPipe) cohortId: number, @Body() body: ResendLinkDto, @Ip() client: string): Promise<Record<string, never>> {
    await this.resendLinks.request(cohortId, body.email, client);
    return {};
  }
}
