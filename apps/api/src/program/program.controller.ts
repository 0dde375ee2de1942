import { ProgramReportService } from '@app/domain';
import { Controller, Get, Header, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard } from '../auth/coordinator.guard';
import { PairExportQuery } from '../pairs/pair.dto';
import { XLSX_TYPE } from '../report/report.controller';

/** The program report across cohorts (DESIGN §10), coordinators only. */
@ApiTags('coordinator: report')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/program')
export class ProgramController {
  constructor(private readonly program: ProgramReportService) {}

  @Get('report')
  report() {
    return this.program.report();
  }

  @Get('report.xlsx')
  @Header('Content-Type', XLSX_TYPE)
  @Header('Content-Disposition', 'attachment; filename="program-report.xlsx"')
  async xlsx(@Query() query: PairExportQuery) {
    return new StreamableFile(await this.program.xlsx(query.lang ?? 'zh-CN'));
  }
}
