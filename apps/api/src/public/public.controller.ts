import { MentorCard, PublicCohort } from '@app/contracts';
import { CohortsService, MentorApplicationsService, StudentApplicationsService } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { MentorApplicationDto, StudentApplicationDto, SubmittedApplicationDto } from '../applications/application.dto';
import { IdPipe } from '../common/id.pipe';

@ApiTags('public')
@Controller('api')
export class PublicController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly mentors: MentorApplicationsService,
    private readonly students: StudentApplicationsService,
  ) {}

  @Get('public/cohorts')
  openCohorts() {
    return this.cohorts.listOpen();
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
}
