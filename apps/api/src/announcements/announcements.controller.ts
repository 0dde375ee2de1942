import { AnnouncementsService, CoordinatorIdentity } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorator';
import { CoordinatorGuard, CurrentCoordinator } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';
import { AnnouncementAudienceQuery, AnnouncementDto } from './announcement.dto';

/** Coordinators' announcements (DESIGN §9): how many an audience reaches, sending one (the worker fans it out), the list. */
@ApiTags('coordinator: announcements')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/cohorts/:cohortId/announcements')
export class AnnouncementsController {
  constructor(private readonly announcements: AnnouncementsService) {}

  @Get('audience')
  audience(@Param('cohortId', IdPipe) cohortId: number, @Query() query: AnnouncementAudienceQuery) {
    return this.announcements.count(cohortId, query.audience);
  }

  @Post()
  @Audit('create_announcement')
  @HttpCode(202)
  create(@Param('cohortId', IdPipe) cohortId: number, @Body() body: AnnouncementDto, @CurrentCoordinator() coordinator: CoordinatorIdentity) {
    return this.announcements.create(cohortId, body, `coordinator: ${coordinator.name}`);
  }

  @Get()
  list(@Param('cohortId', IdPipe) cohortId: number) {
    return this.announcements.list(cohortId);
  }
}
