import { AUDIT_ACTIONS, AUDIT_LIMITS, AuditAction, AuditEntryView, AuditFilter, AuditPage } from '@app/contracts';
import { AuditEntry } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { chinaTimeCell, CsvLanguage, ExportColumn, tableCsv, tableXlsx } from '../exports/table-export';
import { whereInScope } from '../staff/cohort-scope';
import { AuditDescription, AuditedWrite, describeWrite, targetText } from './audit-describe';

/** Who wrote: the request's staff identity (null id: the bootstrap COORDINATOR_TOKEN). */
export interface AuditActor {
  id: number | null;
  name: string;
}

/** Where a target's cohort is, for writes whose route names only the target. */
const COHORT_OF: Partial<Record<AuditDescription['target']['kind'], string>> = {
  match: 'SELECT cohort_id FROM matches WHERE id = ?',
  survey: 'SELECT cohort_id FROM surveys WHERE id = ?',
  notification: 'SELECT cohort_id FROM notifications WHERE id = ?',
};

const COLUMNS: ExportColumn<AuditEntryView<Date>>[] = [
  [{ 'zh-CN': '时间（北京时间）', en: 'Time (China)' }, (row) => chinaTimeCell(row.at)],
  [{ 'zh-CN': '工作人员', en: 'Staff' }, (row) => row.staffName],
  [{ 'zh-CN': '工作人员编号', en: 'Staff id' }, (row) => row.staffId ?? ''],
  [{ 'zh-CN': '操作', en: 'Action' }, (row, lang) => AUDIT_ACTIONS[row.action]?.[lang === 'en' ? 'en' : 'zh'] ?? row.action],
  [{ 'zh-CN': '期次编号', en: 'Cohort id' }, (row) => row.cohortId ?? ''],
  [{ 'zh-CN': '对象', en: 'Target' }, (row) => row.target],
  [{ 'zh-CN': '摘要', en: 'Summary' }, (row) => row.summary],
];

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records a write that has already committed. It never throws: the write is done and its answer is due, so a failed
   * insert is logged at error level with the whole entry (the log is then the record) instead of turning a success
   * into a 500 that would make the caller repeat a write that happened.
   */
  async record(actor: AuditActor, action: AuditAction, write: AuditedWrite): Promise<void> {
    let entry: Omit<AuditEntry, 'id'> | null = null;
    try {
      const description = describeWrite(action, write);
      entry = {
        at: new Date(),
        staffId: actor.id,
        staffName: actor.name.slice(0, 100),
        action,
        cohortId: description.cohortId === undefined ? await this.cohortOf(description.target) : description.cohortId,
        target: targetText(description.target),
        summary: description.summary.slice(0, 1000),
      };
      await this.dataSource.manager.insert(AuditEntry, entry);
    } catch (error) {
      this.logger.error(`Audit entry lost: the write succeeded but its entry could not be stored (${(error as Error).message}): ${JSON.stringify({ action, actor, entry, params: write.params })}`);
    }
  }

  /** `cohortIds`: the caller's scope (null: every entry, an admin's view; a coordinator sees their cohorts' entries only). */
  async list(filter: AuditFilter, cohortIds: readonly number[] | null, page = 1, pageSize: number = AUDIT_LIMITS.pageSize.default): Promise<AuditPage<Date>> {
    const [rows, total] = await this.query(filter, cohortIds).skip((page - 1) * pageSize).take(pageSize).getManyAndCount();
    return { entries: rows.map(view), total, page, pageSize };
  }

  async export(filter: AuditFilter, cohortIds: readonly number[] | null, format: 'csv' | 'xlsx', lang: CsvLanguage): Promise<string | Buffer> {
    const rows = (await this.query(filter, cohortIds).take(AUDIT_LIMITS.exportRows.max).getMany()).map(view);
    return format === 'csv' ? tableCsv(COLUMNS, rows, lang) : tableXlsx(lang === 'en' ? 'Audit log' : '审计日志', COLUMNS, rows, lang);
  }

  private query(filter: AuditFilter, cohortIds: readonly number[] | null): SelectQueryBuilder<AuditEntry> {
    const query = this.dataSource.manager.createQueryBuilder(AuditEntry, 'entry').orderBy('entry.id', 'DESC');
    whereInScope(query, 'entry.cohortId', cohortIds);
    if (filter.cohortId !== undefined) query.andWhere('entry.cohortId = :cohortId', { cohortId: filter.cohortId });
    if (filter.staffId !== undefined) query.andWhere('entry.staffId = :staffId', { staffId: filter.staffId });
    if (filter.action !== undefined) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.from !== undefined) query.andWhere('entry.at >= :from', { from: new Date(filter.from) });
    if (filter.to !== undefined) query.andWhere('entry.at < :to', { to: new Date(filter.to) });
    return query;
  }

  private async cohortOf(target: AuditDescription['target']): Promise<number | null> {
    const sql = COHORT_OF[target.kind];
    if (!sql) return null;
    const [row] = (await this.dataSource.query(sql, [target.ids[0]])) as Array<{ cohort_id: number | null }>;
    return row?.cohort_id ?? null;
  }
}

function view(row: AuditEntry): AuditEntryView<Date> {
  return { id: row.id, at: row.at, staffId: row.staffId, staffName: row.staffName, action: row.action as AuditAction, cohortId: row.cohortId, target: row.target, summary: row.summary };
}
