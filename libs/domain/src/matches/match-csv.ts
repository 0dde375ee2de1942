import { Bilingual, DeclineReason, MatchRow, MatchStatus } from '@app/contracts';
import { chinaTimeCell, CsvLanguage, ExportColumn, tableCsv } from '../exports/table-export';

type Words<K extends string> = Record<CsvLanguage, Record<K, string>>;

const STATUS_WORDS: Words<MatchStatus> = {
  'zh-CN': { proposed: '待师友回复', accepted: '已接受', declined: '已婉拒', expired: '已过期', cancelled: '已取消', ended: '已结束', completed: '已结业' },
  en: { proposed: 'Awaiting the mentor', accepted: 'Accepted', declined: 'Declined', expired: 'Expired', cancelled: 'Cancelled', ended: 'Ended', completed: 'Completed' },
};

/** The server's words for a decline's reason (the CSV, the report); the pages have their catalogs. */
export const DECLINE_REASON_WORDS: Record<DeclineReason, Bilingual> = {
  no_capacity: { zh: '名额已满', en: 'No places left' },
  not_a_fit: { zh: '方向不太匹配', en: 'Not a good fit' },
  unavailable: { zh: '近期时间不便', en: 'Not available at the moment' },
  other: { zh: '其他原因', en: 'Another reason' },
};

const ROUND_WORDS = {
  'zh-CN': { round: (n: number) => `第 ${n} 轮`, manual: '协调员人工推荐', choice: (n: number) => `第 ${n} 志愿`, filled: '按匹配度补位' },
  en: { round: (n: number) => `Round ${n}`, manual: 'Proposed by a coordinator', choice: (n: number) => `Choice ${n}`, filled: 'Filled by score' },
} satisfies Record<CsvLanguage, unknown>;


/** The CSV's columns: headers and cells in one language, statuses and reasons in words, times in China time. */
export const CSV_COLUMNS: ExportColumn<MatchRow<Date>>[] = [
  [{ 'zh-CN': '匹配编号', en: 'Match' }, (row) => row.id],
  [{ 'zh-CN': '状态', en: 'Status' }, (row, lang) => STATUS_WORDS[lang][row.status]],
  [{ 'zh-CN': '来源', en: 'Source' }, (row, lang) => (row.roundNumber === null ? ROUND_WORDS[lang].manual : ROUND_WORDS[lang].round(row.roundNumber))],
  [{ 'zh-CN': '生友', en: 'Student' }, (row) => row.student.name],
  [{ 'zh-CN': '学号', en: 'Student number' }, (row) => row.student.studentNumber],
  [{ 'zh-CN': '生友邮箱', en: 'Student email' }, (row) => row.student.email],
  [{ 'zh-CN': '书院', en: 'College' }, (row) => row.student.college],
  [{ 'zh-CN': '专业', en: 'Major' }, (row) => row.student.major],
  [{ 'zh-CN': '师友', en: 'Mentor' }, (row) => row.mentor.name],
  [{ 'zh-CN': '师友邮箱', en: 'Mentor email' }, (row) => row.mentor.email],
  [{ 'zh-CN': '单位', en: 'Organization' }, (row) => row.mentor.organization],
  [{ 'zh-CN': '志愿', en: 'Choice' }, (row, lang) => (row.choiceRank === null ? (row.roundNumber === null ? '' : ROUND_WORDS[lang].filled) : ROUND_WORDS[lang].choice(row.choiceRank))],
  [{ 'zh-CN': '推荐时间（北京时间）', en: 'Proposed at (China time)' }, (row) => chinaTimeCell(row.createdAt)],
  [{ 'zh-CN': '回复截止（北京时间）', en: 'Answer by (China time)' }, (row) => chinaTimeCell(row.respondBy)],
  [{ 'zh-CN': '回复时间（北京时间）', en: 'Answered at (China time)' }, (row) => chinaTimeCell(row.respondedAt)],
  [{ 'zh-CN': '婉拒原因', en: 'Decline reason' }, (row, lang) => (row.declineReason ? DECLINE_REASON_WORDS[row.declineReason][lang === 'en' ? 'en' : 'zh'] : '')],
  [{ 'zh-CN': '备注', en: 'Note' }, (row) => row.note ?? ''],
];

/** UTF-8 with a byte-order mark and CRLF line ends, which is what Excel needs to show Chinese names. */
export function matchesCsv(rows: MatchRow<Date>[], lang: CsvLanguage): string {
  return tableCsv(CSV_COLUMNS, rows, lang);
}
