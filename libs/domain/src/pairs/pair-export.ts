import { Bilingual, PairHealth, PairRow, PairStatus } from '@app/contracts';
import { chinaTimeCell, CsvLanguage, ExportColumn } from '../exports/table-export';
import { CHECK_IN_ANSWER_WORDS, END_REASON_WORDS } from './pair-words';

const wordsIn = (lang: CsvLanguage, words: Bilingual) => (lang === 'en' ? words.en : words.zh);

type Words<K extends string> = Record<CsvLanguage, Record<K, string>>;

const STATUS_WORDS: Words<PairStatus> = {
  'zh-CN': { accepted: '进行中', ended: '已结束', completed: '已结业' },
  en: { accepted: 'Active', ended: 'Ended', completed: 'Completed' },
};

const HEALTH_WORDS: Words<PairHealth> = {
  'zh-CN': { on_track: '进展顺利', needs_attention: '需要关注', at_risk: '需要帮扶', ended: '已结束', completed: '已结业' },
  en: { on_track: 'On track', needs_attention: 'Needs attention', at_risk: 'At risk', ended: 'Ended', completed: 'Completed' },
};

const ROLE_WORDS: Words<'mentor' | 'student'> = { 'zh-CN': { mentor: '师友', student: '生友' }, en: { mentor: 'Mentor', student: 'Student' } };

/** The pairs export (CSV and XLSX): health and meeting figures in words of the language asked, times in China time. */
export const PAIR_COLUMNS: ExportColumn<PairRow<Date>>[] = [
  [{ 'zh-CN': '匹配编号', en: 'Match' }, (row) => row.matchId],
  [{ 'zh-CN': '生友', en: 'Student' }, (row) => row.student.name],
  [{ 'zh-CN': '师友', en: 'Mentor' }, (row) => row.mentor.name],
  [{ 'zh-CN': '状态', en: 'Status' }, (row, lang) => STATUS_WORDS[lang][row.status]],
  [{ 'zh-CN': '状况', en: 'Health' }, (row, lang) => HEALTH_WORDS[lang][row.health]],
  [{ 'zh-CN': '开始时间（北京时间）', en: 'Began (China time)' }, (row) => chinaTimeCell(row.acceptedAt)],
  [{ 'zh-CN': '见面次数', en: 'Meetings' }, (row) => row.meetings],
  [{ 'zh-CN': '见面总分钟', en: 'Minutes' }, (row) => row.minutes],
  [{ 'zh-CN': '最近见面', en: 'Last meeting' }, (row) => row.lastMeetingOn ?? ''],
  [{ 'zh-CN': '最近回访', en: 'Last check-in' }, (row, lang) => (row.lastCheckIn ? `${ROLE_WORDS[lang][row.lastCheckIn.role]}${lang === 'en' ? ': ' : '：'}${wordsIn(lang, CHECK_IN_ANSWER_WORDS[row.lastCheckIn.answer])}` : '')],
  [{ 'zh-CN': '回访时间（北京时间）', en: 'Checked in at (China time)' }, (row) => chinaTimeCell(row.lastCheckIn?.at ?? null)],
  [{ 'zh-CN': '结束原因', en: 'End reason' }, (row, lang) => (row.endReason ? wordsIn(lang, END_REASON_WORDS[row.endReason]) : '')],
];
