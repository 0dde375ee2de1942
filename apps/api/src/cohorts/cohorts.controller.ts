import { ApplicationEditsService, ApplicationReviewService, CohortsService, CoordinatorIdentity } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApplicationStatusQuery, ReviewDto } from '../applications/application.dto';
import { AdminOnly, CoordinatorGuard, CurrentCoordinator } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';
import { CreateCohortDto, UpdateCohortDto } from './cohort.dto';

@ApiTags('coordinator: cohorts')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/cohorts')
export class CohortsController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly review: ApplicationReviewService,
    private readonly edits: ApplicationEditsService,
  ) {}

  /** Admins only: a coordinator runs the cohorts an admin gives them. */
  @Post()
  @AdminOnly()
  create(@Body() body: CreateCohortDto) {
    return this.cohorts.create(body);
  }

  @Get()
  list(@CurrentCoordinator() coordinator: CoordinatorIdentity) {
    return this.cohorts.list(coordinator.cohortIds);
  }

  @Get(':cohortId')
  detail(@Param('cohortId', IdPipe) cohortId: number) {
    return this.cohorts.detail(cohortId);
  }

  @Patch(':cohortId')
  update(@Param('cohortId', IdPipe) cohortId: number, @Body() body: UpdateCohortDto) {
    return this.cohorts.update(cohortId, body);
  }

  @Post(':cohortId/open')
  @HttpCode(200)
  open(@Param('cohortId', IdPipe) cohortId: number) {
    return this.cohorts.transition(cohortId, 'open');
  }

  @Post(':cohortId/close')
  @HttpCode(200)
  close(@Param('cohortId', IdPipe) cohortId: number) {
    return this.cohorts.transition(cohortId, 'close');
  }

  /** DESIGN §3: a closed cohort takes applications again. */
  @Post(':cohortId/reopen')
  @HttpCode(200)
  reopen(@Param('cohortId', IdPipe) cohortId: number) {
    return this.cohorts.transition(cohortId, 'reopen');
  }

  @Post(':cohortId/archive')
  @HttpCode(200)
  archive(@Param('cohortId', IdPipe) cohortId: number) {
    return this.cohorts.transition(cohortId, 'archive');
  }

  @Get(':cohortId/mentor-applications')
  mentorApplications(@Param('cohortId', IdPipe) cohortId: number, @Query() query: ApplicationStatusQuery) {
    return this.review.list('mentor', cohortId, query.status);
  }

  @Get(':cohortId/student-applications')
  studentApplications(@Param('cohortId', IdPipe) cohortId: number, @Query() query: ApplicationStatusQuery) {
    return this.review.list('student', cohortId, query.status);
  }

  /** DESIGN §9: what the applicant changed of their own application, oldest first. */
  @Get(':cohortId/mentor-applications/:applicationId/edits')
  mentorEdits(@Param('cohortId', IdPipe) cohortId: number, @Param('applicationId', IdPipe) applicationId: number) {
    return this.edits.history('mentor', cohortId, applicationId);
  }

  @Get(':cohortId/student-applications/:applicationId/edits')
  studentEdits(@Param('cohortId', IdPipe) cohortId: number, @Param('applicationId', IdPipe) applicationId: number) {
    return this.edits.history('student', cohortId, applicationId);
  }

  @Post(':cohortId/mentor-applications/review')
  @HttpCode(200)
  reviewMentors(@Param('cohortId', IdPipe) cohortId: number, @Body() body: ReviewDto) {
    return this.review.review('mentor', cohortId, body);
  }

  @Post(':cohortId/student-applications/review')
  @HttpCode(200)
  reviewStudents(@Param('cohortId', IdPipe) cohortId: number, @Body() body: ReviewDto) {
    return this.review.review('student', cohortId, body);
  }
}
