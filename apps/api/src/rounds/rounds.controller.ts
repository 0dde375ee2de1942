import { CoordinatorIdentity, RoundRequestsService } from '@app/domain';
import { Body, Controller, Get, Header, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Audit } from '../audit/audit.decorator';
import { CoordinatorGuard, CurrentCoordinator } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';

export class RoundRequestDto {
  @IsOptional() @IsBoolean()
  dryRun?: boolean;

  @IsOptional() @IsInt() @Min(0) @Max(0xffffffff)
  seed?: number;
}

@ApiTags('coordinator: rounds')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api')
export class RoundsController {
  constructor(private readonly rounds: RoundRequestsService) {}

  @Post('cohorts/:cohortId/rounds')
  @Audit('request_round')
  @HttpCode(202)
  async request(@Param('cohortId', IdPipe) cohortId: number, @Body() body: RoundRequestDto, @CurrentCoordinator() coordinator: CoordinatorIdentity) {
    const round = await this.rounds.request(cohortId, body, `coordinator: ${coordinator.name}`, { refuseEmptyPool: true });
    return { id: round.id, number: round.number, status: round.status, dryRun: round.dryRun, seed: round.seed };
  }

  @Get('cohorts/:cohortId/rounds')
  list(@Param('cohortId', IdPipe) cohortId: number) {
    return this.rounds.list(cohortId);
  }

  @Get('rounds/:roundId')
  detail(@Param('roundId', IdPipe) roundId: number) {
    return this.rounds.get(roundId);
  }

  @Get('rounds/:roundId/assignments')
  assignments(@Param('roundId', IdPipe) roundId: number) {
    return this.rounds.assignments(roundId);
  }

  /** Who gets whom, the unmatched with their reasons, and the difference from the round before (for the console). */
  @Get('rounds/:roundId/results')
  results(@Param('roundId', IdPipe) roundId: number) {
    return this.rounds.results(roundId);
  }

  /** The exact engine input, stored as text so it is served byte for byte. */
  @Get('rounds/:roundId/instance')
  @Header('Content-Type', 'application/json; charset=utf-8')
  instance(@Param('roundId', IdPipe) roundId: number) {
    return this.rounds.instance(roundId);
  }
}
