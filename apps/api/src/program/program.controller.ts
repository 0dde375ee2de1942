import { CoordinatorIdentity, ProgramReportService } from '@app/domain';
import { Controller, Get, Header, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard, CurrentCoordinator } from '../auth/coordinator.guard';
import { PairExportQuery } from '../pairs/pair.dto';
import { XLSX_TYPE } from '../report/report.controller';

/** The program report across cohorts (DESIGN §10): an admin's covers every cohort, a coordinator's the cohorts they run. */
@ApiTags('coordinator: report')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/program')
export class ProgramController {
  constructor(private readonly program: ProgramReportService) {}

  @Get('report')
  report(@CurrentCoordinator() caller: CoordinatorIdentity) {
    return this.program.report(caller.cohortIds);
  }

  @Get('report.xlsx')
  @Header('Content-Type', XLSX_TYPE)
  @Header('Content-Disposition', 'attachment; filename="program-report.xlsx"')
  async xlsx(@Query() query: PairExportQuery, @CurrentCoordinator() caller: CoordinatorIdentity) {
    return new StreamableFile(await this.program.xlsx(caller.cohortIds, query.lang ?? 'zh-CN'));
  }
}
