import { ProgramCohortFigures, ProgramReport } from '@app/contracts';
import { AnySheet, CsvLanguage, ExportColumn } from '../exports/table-export';

const STATUS_WORDS: Record<ProgramCohortFigures['status'], Record<CsvLanguage, string>> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  open: { 'zh-CN': '报名中', en: 'Open' },
  closed: { 'zh-CN': '已截止', en: 'Closed' },
  archived: { 'zh-CN': '已归档', en: 'Archived' },
};

type Line = Omit<ProgramCohortFigures, 'status' | 'cohortId'> & { cohortId: number | null; status: ProgramCohortFigures['status'] | null };

/**
 * The program workbook: one sheet, a row per cohort and a last row of totals (合计), whose people are counted once
 * across cohorts, so they are not the sum of the column above.
 */
export function programSheets(report: ProgramReport, lang: CsvLanguage): AnySheet[] {
  const columns: ExportColumn<Line>[] = [
    [{ 'zh-CN': '期', en: 'Cohort' }, (row) => row.name],
    [{ 'zh-CN': '状态', en: 'Status' }, (row) => (row.status ? STATUS_WORDS[row.status][lang] : '')],
    [{ 'zh-CN': '项目开始', en: 'Programme starts' }, (row) => row.programStartsOn ?? ''],
    [{ 'zh-CN': '项目结束', en: 'Programme ends' }, (row) => row.programEndsOn ?? ''],
    [{ 'zh-CN': '服务的校友（师友）', en: 'Mentors who served' }, (row) => row.mentors],
    [{ 'zh-CN': '受益的在校生（生友）', en: 'Students served' }, (row) => row.students],
    [{ 'zh-CN': '师友关系', en: 'Pairs' }, (row) => row.pairs],
    [{ 'zh-CN': '结业', en: 'Completed' }, (row) => row.completed],
    [{ 'zh-CN': '见面次数', en: 'Meetings' }, (row) => row.meetings],
    [{ 'zh-CN': '见面小时数', en: 'Meeting hours' }, (row) => row.hours],
  ];
  const totals: Line = {
    ...report.totals,
    cohortId: null,
    name: lang === 'en' ? `Total (${report.totals.cohorts} cohorts; people counted once)` : `合计（${report.totals.cohorts} 期，同一人只计一次）`,
    status: null,
    programStartsOn: null,
    programEndsOn: null,
  };
  return [{ name: lang === 'en' ? 'Program' : '项目总览', columns, rows: [...report.cohorts, totals] }];
}
