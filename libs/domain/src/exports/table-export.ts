import type { Workbook } from 'exceljs';

/** The languages exports are written in; Chinese unless asked otherwise. */
export const CSV_LANGUAGES = ['zh-CN', 'en'] as const;
export type CsvLanguage = (typeof CSV_LANGUAGES)[number];

/** One column of an export: its header in each language, and its cell of a row. */
export type ExportColumn<R> = [Record<CsvLanguage, string>, (row: R, lang: CsvLanguage) => string | number];

/** `2026-12-05 02:42 +08:00`: China time with its offset written out, so nobody reads it as UTC or local time. */
export function chinaTimeCell(date: Date | null): string {
  if (!date) return '';
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} +08:00`;
}

/**
 * A leading = + - @ (also full-width, or after blanks) would be run as a formula by Excel: prefix a quote (OWASP
 * CSV injection). The same text is safe in a CSV cell and in a spreadsheet cell.
 */
function defused(value: string | number): string | number {
  if (typeof value === 'number') return value;
  return /^[\s]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string | number): string {
  const safe = String(defused(value));
  // A `;` is quoted too, because Excel in locales that separate with `;` splits there.
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 with a byte-order mark and CRLF line ends, which is what Excel needs to show Chinese names. */
export function tableCsv<R>(columns: ExportColumn<R>[], rows: R[], lang: CsvLanguage): string {
  const lines = [columns.map(([header]) => csvCell(header[lang])).join(',')];
  for (const row of rows) lines.push(columns.map(([, value]) => csvCell(value(row, lang))).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** One sheet of a workbook: its name, its columns and its rows (of any shape its columns read). */
export interface Sheet<R = never> {
  name: string;
  columns: ExportColumn<R>[];
  rows: R[];
}

/** Sheets of different row types side by side in one workbook. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySheet = Sheet<any>;

/** An .xlsx workbook, each sheet with its header row frozen and bold; cells defused as in the CSV. */
export async function workbookXlsx(sheets: AnySheet[], lang: CsvLanguage): Promise<Buffer> {
  // Loaded on first use: the workbook library is large and only exports need it.
  const { Workbook: WorkbookClass } = (await import('exceljs')) as { Workbook: new () => Workbook };
  const workbook = new WorkbookClass();
  for (const { name, columns, rows } of sheets) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map(([header]) => ({ header: header[lang], width: Math.max(10, header[lang].length * 2 + 2) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of rows) sheet.addRow(columns.map(([, value]) => defused(value(row, lang))));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same table as an .xlsx workbook of one sheet. */
export function tableXlsx<R>(sheetName: string, columns: ExportColumn<R>[], rows: R[], lang: CsvLanguage): Promise<Buffer> {
  return workbookXlsx([{ name: sheetName, columns, rows }], lang);
}
