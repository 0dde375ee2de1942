import { ApplicantHistoryService, ApplicationEditsService, ApplicationReviewService, CohortsService, CoordinatorIdentity } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApplicationStatusQuery, ReviewDto } from '../applications/application.dto';
import { Audit } from '../audit/audit.decorator';
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
    private readonly history: ApplicantHistoryService,
  ) {}

  /** Admins only: a coordinator runs the cohorts an admin gives them. */
  @Post()
  @Audit('create_cohort')
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
  @Audit('update_cohort')
  update(@Param('cohortId', IdPipe) cohortId: number, @Body() body: UpdateCohortDto) {
    return this.cohorts.update(cohortId, body);
  }

  @Post(':cohortId/open')
  @Audit('open_cohort')
  @HttpCode(200)
  open(@Param('cohortId', IdPipe) cohortId: number) {
    return this.cohorts.transition(cohortId, 'open');
  }

  @Post(':cohortId/close')
  @Audit('close_cohort')
  @HttpCode(200)
  close(@Param('cohortId', IdPipe) cohortId: number) {
    return this.cohorts.transition(cohortId, 'close');
  }

  /** DESIGN §3: a closed cohort takes applications again. */
  @Post(':cohortId/reopen')
  @Audit('reopen_cohort')
  @HttpCode(200)
  reopen(@Param('cohortId', IdPipe) cohortId: number) {
    return this.cohorts.transition(cohortId, 'reopen');
  }

  @Post(':cohortId/archive')
  @Audit('archive_cohort')
  @HttpCode(200)
  archive(@Param('cohortId', IdPipe) cohortId: number) {
    return this.cohorts.transition(cohortId, 'archive');
  }

  /** Each application with the person's earlier cohorts (DESIGN §10). */
  @Get(':cohortId/mentor-applications')
  mentorApplications(@Param('cohortId', IdPipe) cohortId: number, @Query() query: ApplicationStatusQuery, @CurrentCoordinator() caller: CoordinatorIdentity) {
    return this.history.list('mentor', cohortId, caller.cohortIds, query.status);
  }

  @Get(':cohortId/student-applications')
  studentApplications(@Param('cohortId', IdPipe) cohortId: number, @Query() query: ApplicationStatusQuery, @CurrentCoordinator() caller: CoordinatorIdentity) {
    return this.history.list('student', cohortId, caller.cohortIds, query.status);
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
  @Audit('review_applications', { role: 'mentor' })
  @HttpCode(200)
  reviewMentors(@Param('cohortId', IdPipe) cohortId: number, @Body() body: ReviewDto) {
    return this.review.review('mentor', cohortId, body);
  }

  @Post(':cohortId/student-applications/review')
  @Audit('review_applications', { role: 'student' })
  @HttpCode(200)
  reviewStudents(@Param('cohortId', IdPipe) cohortId: number, @Body() body: ReviewDto) {
    return this.review.review('student', cohortId, body);
  }
}
