import { ApplicantRole, Bilingual, QuestionResult, SurveyQuestion, SurveyText } from '@app/contracts';
import { Survey } from '@app/database';
import { AnySheet, chinaTimeCell, CsvLanguage, ExportColumn } from '../exports/table-export';
import { ResponseForResults } from './survey-stats';

const textIn = (lang: CsvLanguage, text: SurveyText | Bilingual) => (lang === 'en' ? text.en || text.zh : text.zh);
const ROLE: Record<ApplicantRole, Bilingual> = { mentor: { zh: '师友', en: 'Mentor' }, student: { zh: '生友', en: 'Student' } };

/** What a cell of the answers sheet says of one answer: the option's words for a choice, the value otherwise. */
function answerCell(question: SurveyQuestion, answer: number | string | undefined, lang: CsvLanguage): string | number {
  if (answer === undefined) return '';
  if (question.kind === 'choice') return question.options?.[Number(answer)] ? textIn(lang, question.options[Number(answer)]) : '';
  return answer;
}

/** The results workbook: 汇总 (a row per question) and 回答 (a row per response; a name only where it was shared). */
export function surveySheets(
  survey: Survey,
  results: QuestionResult[],
  responses: Array<ResponseForResults & { submittedAt: Date }>,
  lang: CsvLanguage,
): AnySheet[] {
  const questionOf = new Map(survey.questions.map((question) => [question.id, question]));
  const summary: ExportColumn<QuestionResult>[] = [
    [{ 'zh-CN': '题目', en: 'Question' }, (row) => textIn(lang, questionOf.get(row.id)!.text)],
    [{ 'zh-CN': '题型', en: 'Kind' }, (row) => row.kind],
    [{ 'zh-CN': '回答人数', en: 'Answers' }, (row) => row.n],
    [{ 'zh-CN': '平均分', en: 'Mean' }, (row) => row.mean ?? ''],
    [{ 'zh-CN': 'NPS', en: 'NPS' }, (row) => row.nps ?? ''],
    [{ 'zh-CN': '分布', en: 'Distribution' }, (row) => row.distribution?.join(' / ') ?? ''],
  ];
  const answers: ExportColumn<ResponseForResults & { submittedAt: Date }>[] = [
    [{ 'zh-CN': '身份', en: 'Role' }, (row) => textIn(lang, ROLE[row.role])],
    [{ 'zh-CN': '署名', en: 'Name' }, (row) => (row.shareName ? row.name : textIn(lang, { zh: '匿名', en: 'Anonymous' }))],
    [{ 'zh-CN': '提交时间（北京时间）', en: 'Submitted (China time)' }, (row) => chinaTimeCell(row.submittedAt)],
    ...survey.questions.map((question): ExportColumn<ResponseForResults> => [
      { 'zh-CN': question.text.zh, en: question.text.en || question.text.zh }, (row) => answerCell(question, row.answers[question.id], lang),
    ]),
  ];
  return [
    { name: lang === 'en' ? 'Summary' : '汇总', columns: summary, rows: results },
    { name: lang === 'en' ? 'Answers' : '回答', columns: answers, rows: responses },
  ];
}
