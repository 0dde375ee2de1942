import { Module } from '@nestjs/common';
import { ProgramReportService } from './program-report.service';

/** The program report across cohorts (DESIGN §10): distinct people served, pairs, completion, meetings, hours; and its workbook. */
@Module({
  providers: [ProgramReportService],
  exports: [ProgramReportService],
})
export class ProgramReportModule {}
