import { APPLICATION_LIMITS, MatchStatus, MATCH_STATUSES } from '@app/contracts';
import { CoordinatorIdentity, CSV_LANGUAGES, CsvLanguage, MatchesService, MatchQueriesService } from '@app/domain';
import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { LongText } from '../applications/application.dto';
import { Audit } from '../audit/audit.decorator';
import { CoordinatorGuard, CurrentCoordinator } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';
import { EmptyAsUnset } from '../common/query-params';

export class MatchStatusQuery {
  @EmptyAsUnset() @IsOptional() @IsIn(MATCH_STATUSES)
  status?: MatchStatus;
}

export class MatchCsvQuery extends MatchStatusQuery {
  /** The language of the CSV's headers and words; Chinese unless asked. */
  @EmptyAsUnset() @IsOptional() @IsIn(CSV_LANGUAGES)
  lang?: CsvLanguage;
}

export class ManualProposalDto {
  @IsInt() @Min(1)
  studentId: number;

  @IsInt() @Min(1)
  mentorId: number;
}

export class CancelDto {
  @LongText(APPLICATION_LIMITS.note.maxLength)
  reason: string;
}

@ApiTags('coordinator: matches')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api')
export class MatchesController {
  constructor(
    private readonly matches: MatchesService,
    private readonly queries: MatchQueriesService,
  ) {}

  @Get('cohorts/:cohortId/matches')
  list(@Param('cohortId', IdPipe) cohortId: number, @Query() query: MatchStatusQuery) {
    return this.queries.list(cohortId, query.status);
  }

  @Get('cohorts/:cohortId/matches.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="matches.csv"')
  csv(@Param('cohortId', IdPipe) cohortId: number, @Query() query: MatchCsvQuery) {
    return this.queries.csv(cohortId, query.status, query.lang ?? 'zh-CN');
  }

  @Get('cohorts/:cohortId/match-candidates')
  candidates(@Param('cohortId', IdPipe) cohortId: number) {
    return this.queries.candidates(cohortId);
  }

  @Post('cohorts/:cohortId/matches')
  @Audit('propose_match')
  propose(@Param('cohortId', IdPipe) cohortId: number, @Body() body: ManualProposalDto, @CurrentCoordinator() coordinator: CoordinatorIdentity) {
    return this.matches.proposeManually(cohortId, body.studentId, body.mentorId, { role: 'coordinator', id: coordinator.id });
  }

  @Post('matches/:matchId/cancel')
  @Audit('cancel_match')
  @HttpCode(200)
  cancel(@Param('matchId', IdPipe) matchId: number, @Body() body: CancelDto, @CurrentCoordinator() coordinator: CoordinatorIdentity) {
    return this.matches.cancel(matchId, body.reason, { role: 'coordinator', id: coordinator.id });
  }

  @Get('matches/:matchId/history')
  history(@Param('matchId', IdPipe) matchId: number) {
    return this.matches.history(matchId);
  }
}
