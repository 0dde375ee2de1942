import { AUDIT_ACTION_NAMES, AUDIT_LIMITS, AuditAction } from '@app/contracts';
import { AuditService, CoordinatorIdentity, CSV_LANGUAGES, CsvLanguage } from '@app/domain';
import { Controller, Get, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { Response } from 'express';
import { CoordinatorGuard, CurrentCoordinator } from '../auth/coordinator.guard';
import { EmptyAsUnset, OptionalNumber } from '../common/query-params';

export class AuditFilterQuery {
  @OptionalNumber() @IsOptional() @IsInt() @Min(1)
  cohortId?: number;

  @OptionalNumber() @IsOptional() @IsInt() @Min(1)
  staffId?: number;

  @EmptyAsUnset() @IsOptional() @IsIn(AUDIT_ACTION_NAMES)
  action?: AuditAction;

  @EmptyAsUnset() @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @EmptyAsUnset() @IsOptional() @IsISO8601({ strict: true })
  to?: string;
}

export class AuditListQuery extends AuditFilterQuery {
  @OptionalNumber() @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  page?: number;

  @OptionalNumber() @IsOptional() @IsInt() @Min(1) @Max(AUDIT_LIMITS.pageSize.max)
  pageSize?: number;
}

export class AuditExportQuery extends AuditFilterQuery {
  @EmptyAsUnset() @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';

  @EmptyAsUnset() @IsOptional() @IsIn(CSV_LANGUAGES)
  lang?: CsvLanguage;
}

const filterOf = ({ cohortId, staffId, action, from, to }: AuditFilterQuery) => ({ cohortId, staffId, action, from, to });

/** DESIGN §10: the staff writes, newest first, and the same list as a file. */
@ApiTags('coordinator: audit')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() query: AuditListQuery, @CurrentCoordinator() caller: CoordinatorIdentity) {
    return this.audit.list(filterOf(query), caller.cohortIds, query.page, query.pageSize);
  }

  @Get('export')
  async export(@Query() query: AuditExportQuery, @CurrentCoordinator() caller: CoordinatorIdentity, @Res({ passthrough: true }) response: Response) {
    const format = query.format ?? 'xlsx';
    const file = await this.audit.export(filterOf(query), caller.cohortIds, format, query.lang ?? 'zh-CN');
    response.setHeader('Content-Disposition', `attachment; filename="audit.${format}"`);
    if (typeof file === 'string') {
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      return file;
    }
    response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return new StreamableFile(file);
  }
}
