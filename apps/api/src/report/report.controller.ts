import { ReportService } from '@app/domain';
import { Controller, Get, Header, Param, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';
import { PairExportQuery } from '../pairs/pair.dto';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The cohort report (DESIGN §8), coordinators only: it carries each mentor's response figures. */
@ApiTags('coordinator: report')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/cohorts/:cohortId')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('report')
  report(@Param('cohortId', IdPipe) cohortId: number) {
    return this.reports.report(cohortId);
  }

  @Get('report.xlsx')
  @Header('Content-Type', XLSX_TYPE)
  @Header('Content-Disposition', 'attachment; filename="cohort-report.xlsx"')
  async xlsx(@Param('cohortId', IdPipe) cohortId: number, @Query() query: PairExportQuery) {
    return new StreamableFile(await this.reports.xlsx(cohortId, query.lang ?? 'zh-CN'));
  }
}
