import { SURVEY_TEMPLATES } from '@app/contracts';
import { SurveyResultsService, SurveysService } from '@app/domain';
import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorator';
import { CoordinatorGuard } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';
import { SurveyDto, SurveyExportQuery } from './survey.dto';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Coordinators' surveys (DESIGN §8): drafts, publishing, results and their workbook. */
@ApiTags('coordinator: surveys')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api')
export class SurveysController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly results: SurveyResultsService,
  ) {}

  @Get('survey-templates')
  templates() {
    return SURVEY_TEMPLATES;
  }

  @Post('cohorts/:cohortId/surveys')
  @Audit('create_survey')
  create(@Param('cohortId', IdPipe) cohortId: number, @Body() body: SurveyDto) {
    return this.surveys.create(cohortId, body);
  }

  @Get('cohorts/:cohortId/surveys')
  list(@Param('cohortId', IdPipe) cohortId: number) {
    return this.surveys.list(cohortId);
  }

  @Get('surveys/:surveyId')
  get(@Param('surveyId', IdPipe) surveyId: number) {
    return this.surveys.get(surveyId);
  }

  @Put('surveys/:surveyId')
  @Audit('update_survey')
  update(@Param('surveyId', IdPipe) surveyId: number, @Body() body: SurveyDto) {
    return this.surveys.update(surveyId, body);
  }

  @Post('surveys/:surveyId/publish')
  @Audit('publish_survey')
  @HttpCode(200)
  publish(@Param('surveyId', IdPipe) surveyId: number) {
    return this.surveys.publish(surveyId);
  }

  @Get('surveys/:surveyId/results')
  resultsOf(@Param('surveyId', IdPipe) surveyId: number) {
    return this.results.results(surveyId);
  }

  @Get('surveys/:surveyId/results.xlsx')
  @Header('Content-Type', XLSX_TYPE)
  @Header('Content-Disposition', 'attachment; filename="survey-results.xlsx"')
  async xlsx(@Param('surveyId', IdPipe) surveyId: number, @Query() query: SurveyExportQuery) {
    return new StreamableFile(await this.results.xlsx(surveyId, query.lang ?? 'zh-CN'));
  }
}
