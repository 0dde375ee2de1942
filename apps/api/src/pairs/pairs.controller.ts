import { CoordinatorIdentity, PairLifecycleService, PairQueriesService } from '@app/domain';
import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorator';
import { CoordinatorGuard, CurrentCoordinator } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';
import { EndPairDto, PairExportQuery, PairHealthQuery } from './pair.dto';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Coordinators follow every pair (DESIGN §7): health, meeting figures, ending a pair, completing the cohort. */
@ApiTags('coordinator: pairs')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api')
export class PairsController {
  constructor(
    private readonly queries: PairQueriesService,
    private readonly lifecycle: PairLifecycleService,
  ) {}

  @Get('cohorts/:cohortId/pairs')
  list(@Param('cohortId', IdPipe) cohortId: number, @Query() query: PairHealthQuery) {
    return this.queries.list(cohortId, query.health);
  }

  @Get('cohorts/:cohortId/pairs.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="pairs.csv"')
  csv(@Param('cohortId', IdPipe) cohortId: number, @Query() query: PairExportQuery) {
    return this.queries.csv(cohortId, query.lang ?? 'zh-CN');
  }

  @Get('cohorts/:cohortId/pairs.xlsx')
  @Header('Content-Type', XLSX_TYPE)
  @Header('Content-Disposition', 'attachment; filename="pairs.xlsx"')
  async xlsx(@Param('cohortId', IdPipe) cohortId: number, @Query() query: PairExportQuery) {
    return new StreamableFile(await this.queries.xlsx(cohortId, query.lang ?? 'zh-CN'));
  }

  @Get('matches/:matchId/meetings')
  meetings(@Param('matchId', IdPipe) matchId: number) {
    return this.queries.meetingOutlines(matchId);
  }

  @Post('matches/:matchId/end')
  @Audit('end_pair')
  @HttpCode(200)
  end(@Param('matchId', IdPipe) matchId: number, @Body() body: EndPairDto, @CurrentCoordinator() coordinator: CoordinatorIdentity) {
    return this.lifecycle.end(matchId, { role: 'coordinator', id: coordinator.id }, body.reason, body.note || null);
  }

  @Post('cohorts/:cohortId/complete')
  @Audit('complete_cohort')
  @HttpCode(200)
  complete(@Param('cohortId', IdPipe) cohortId: number, @CurrentCoordinator() coordinator: CoordinatorIdentity) {
    return this.lifecycle.complete(cohortId, { role: 'coordinator', id: coordinator.id });
  }
}
