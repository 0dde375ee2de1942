import { Module } from '@nestjs/common';
import { PairsModule } from '../pairs/pairs.module';
import { SurveysModule } from '../surveys/surveys.module';
import { ReportService } from './report.service';

/** The cohort report (DESIGN §8): every figure of a cohort from recruiting to feedback, and its workbook. */
@Module({
  imports: [PairsModule, SurveysModule],
  providers: [ReportService],
  exports: [ReportService],
})
export class ReportModule {}
