import { Bilingual, CohortReport, DECLINE_REASONS, MeetingMode, PairRole, PairRow, QuestionResult, ReportSurvey, SurveyQuestion, SurveyText } from '@app/contracts';
import { AnySheet, chinaTimeCell, CsvLanguage, ExportColumn } from '../exports/table-export';
import { PAIR_COLUMNS } from '../pairs/pair-export';
import { CHECK_IN_ANSWER_WORDS } from '../pairs/pair-words';
import { DECLINE_REASON_WORDS } from '../matches/match-csv';

const textIn = (lang: CsvLanguage, text: SurveyText | Bilingual) => (lang === 'en' ? text.en || text.zh : text.zh);

const MODE_WORDS: Record<MeetingMode, Bilingual> = {
  in_person: { zh: '当面', en: 'In person' },
  video: { zh: '视频', en: 'Video' },
  phone: { zh: '电话', en: 'Phone' },
  chat: { zh: '文字聊天', en: 'Chat' },
};

const ROLE_WORDS: Record<PairRole, Bilingual> = { mentor: { zh: '师友', en: 'Mentor' }, student: { zh: '生友', en: 'Student' } };


/** A meeting as the report's sheet shows it: when, how long, how, who logged it — never what the pair wrote. */
export interface ReportMeeting {
  matchId: number;
  studentName: string;
  mentorName: string;
  heldOn: string;
  minutes: number;
  mode: MeetingMode;
  loggedBy: PairRole;
}

/** One question of one survey, with its figures. */
export interface ReportQuestion {
  survey: ReportSurvey;
  question: SurveyQuestion;
  result: QuestionResult;
}

type Figure = [Bilingual, string | number];

const percent = (value: number | null) => (value === null ? '' : `${Math.round(value * 1000) / 10}%`);
const blank = (value: number | null) => value ?? '';

/** The 概览 rows: every figure of the report, one per row, in the order the page shows them. */
function overview(report: CohortReport<Date>): Figure[] {
  return [
    [{ zh: '期', en: 'Cohort' }, report.cohort.name],
    [{ zh: '项目开始', en: 'Programme starts' }, report.cohort.programStartsOn ?? ''],
    [{ zh: '项目结束', en: 'Programme ends' }, report.cohort.programEndsOn ?? ''],
    [{ zh: '结业时间（北京时间）', en: 'Completed (China time)' }, chinaTimeCell(report.cohort.completedAt)],
    [{ zh: '报名师友', en: 'Mentors applied' }, report.recruited.mentors],
    [{ zh: '报名生友', en: 'Students applied' }, report.recruited.students],
    [{ zh: '通过审核的师友', en: 'Mentors approved' }, report.approved.mentors],
    [{ zh: '通过审核的生友', en: 'Students approved' }, report.approved.students],
    [{ zh: '匹配轮次', en: 'Rounds' }, report.rounds],
    [{ zh: '推荐', en: 'Proposals' }, report.proposals],
    [{ zh: '接受', en: 'Accepted' }, report.accepted],
    ...DECLINE_REASONS.map((reason): Figure => [{ zh: `婉拒：${DECLINE_REASON_WORDS[reason].zh}`, en: `Declined: ${DECLINE_REASON_WORDS[reason].en.toLowerCase()}` }, report.declined[reason]]),
    [{ zh: '逾期未回复', en: 'Expired' }, report.expired],
    [{ zh: '接受率', en: 'Acceptance rate' }, percent(report.acceptanceRate)],
    [{ zh: '回复用时中位数（小时）', en: 'Median hours to answer' }, blank(report.medianHoursToAnswer)],
    [{ zh: '进行中的师友关系', en: 'Active pairs' }, report.pairs.accepted],
    [{ zh: '已结束的师友关系', en: 'Ended pairs' }, report.pairs.ended],
    [{ zh: '已结业的师友关系', en: 'Completed pairs' }, report.pairs.completed],
    [{ zh: '见面次数', en: 'Meetings' }, report.meetings.count],
    [{ zh: '见面小时数', en: 'Meeting hours' }, report.meetings.hours],
    [{ zh: '每对见面次数中位数', en: 'Median meetings per pair' }, report.meetings.medianPerPair],
    [{ zh: '回访发出', en: 'Check-ins sent' }, report.checkIns.sent],
    [{ zh: '回访已答', en: 'Check-ins answered' }, report.checkIns.answered],
    [{ zh: '回访回复率', en: 'Check-in response rate' }, percent(report.checkIns.responseRate)],
    ...(['on_track', 'not_yet', 'need_help'] as const).map((answer): Figure => [
      { zh: `回访：${CHECK_IN_ANSWER_WORDS[answer].zh}`, en: `Check-in: ${CHECK_IN_ANSWER_WORDS[answer].en}` }, report.checkIns.byAnswer[answer],
    ]),
    ...report.surveys.flatMap((survey): Figure[] => [
      [{ zh: `问卷「${textIn('zh-CN', survey.title)}」回复率`, en: `Survey “${textIn('en', survey.title)}” response rate` }, percent(survey.responseRate)],
      [{ zh: `问卷「${textIn('zh-CN', survey.title)}」NPS`, en: `Survey “${textIn('en', survey.title)}” NPS` }, blank(survey.nps)],
      [{ zh: `问卷「${textIn('zh-CN', survey.title)}」平均评分`, en: `Survey “${textIn('en', survey.title)}” mean rating` }, blank(survey.meanRating)],
    ]),
  ];
}

/** The report workbook: 概览 (the figures), 配对 (the pairs export's columns), 见面记录 (no summaries), 问卷 (per question). */
export function reportSheets(report: CohortReport<Date>, pairs: PairRow<Date>[], meetings: ReportMeeting[], questions: ReportQuestion[], lang: CsvLanguage): AnySheet[] {
  const en = lang === 'en';
  const figureColumns: ExportColumn<Figure>[] = [
    [{ 'zh-CN': '项目', en: 'Figure' }, ([label]) => textIn(lang, label)],
    [{ 'zh-CN': '数值', en: 'Value' }, ([, value]) => value],
  ];
  const meetingColumns: ExportColumn<ReportMeeting>[] = [
    [{ 'zh-CN': '匹配编号', en: 'Match' }, (row) => row.matchId],
    [{ 'zh-CN': '生友', en: 'Student' }, (row) => row.studentName],
    [{ 'zh-CN': '师友', en: 'Mentor' }, (row) => row.mentorName],
    [{ 'zh-CN': '见面日期', en: 'Day' }, (row) => row.heldOn],
    [{ 'zh-CN': '分钟', en: 'Minutes' }, (row) => row.minutes],
    [{ 'zh-CN': '方式', en: 'Mode' }, (row) => textIn(lang, MODE_WORDS[row.mode])],
    [{ 'zh-CN': '记录人', en: 'Logged by' }, (row) => textIn(lang, ROLE_WORDS[row.loggedBy])],
  ];
  const questionColumns: ExportColumn<ReportQuestion>[] = [
    [{ 'zh-CN': '问卷', en: 'Survey' }, (row) => textIn(lang, row.survey.title)],
    [{ 'zh-CN': '回复率', en: 'Response rate' }, (row) => percent(row.survey.responseRate)],
    [{ 'zh-CN': '题目', en: 'Question' }, (row) => textIn(lang, row.question.text)],
    [{ 'zh-CN': '题型', en: 'Kind' }, (row) => row.question.kind],
    [{ 'zh-CN': '回答人数', en: 'Answers' }, (row) => row.result.n],
    [{ 'zh-CN': '平均分', en: 'Mean' }, (row) => row.result.mean ?? ''],
    [{ 'zh-CN': 'NPS', en: 'NPS' }, (row) => row.result.nps ?? ''],
    [{ 'zh-CN': '分布', en: 'Distribution' }, (row) => row.result.distribution?.join(' / ') ?? ''],
  ];
  return [
    { name: en ? 'Overview' : '概览', columns: figureColumns, rows: overview(report) },
    { name: en ? 'Pairs' : '配对', columns: PAIR_COLUMNS, rows: pairs },
    { name: en ? 'Meetings' : '见面记录', columns: meetingColumns, rows: meetings },
    { name: en ? 'Surveys' : '问卷', columns: questionColumns, rows: questions },
  ];
}
