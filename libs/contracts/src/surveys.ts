import type { ApplicantRole } from './applications';

/** DESIGN §8. A survey's questions are of these kinds; each kind has its own answer. */
export const QUESTION_KINDS = ['rating5', 'nps', 'choice', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const SURVEY_AUDIENCES = ['students', 'mentors', 'both'] as const;
export type SurveyAudience = (typeof SURVEY_AUDIENCES)[number];

/** `closed` is not stored: a published survey is closed once its closing time has passed. */
export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const SURVEY_LIMITS = {
  title: { maxLength: 200 },
  questions: { minItems: 1, maxItems: 20 },
  questionId: { maxLength: 40, pattern: '^[a-z0-9][a-z0-9_-]*$' },
  questionText: { maxLength: 500 },
  options: { minItems: 2, maxItems: 10 },
  optionText: { maxLength: 200 },
  textAnswer: { maxLength: 2000 },
  rating5: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  /** The reminder goes this long before closing, to those who have not answered. */
  reminderBeforeHours: 48,
} as const;

/** Chinese is required everywhere a coordinator writes; English is optional and falls back to Chinese. */
export interface SurveyText {
  zh: string;
  en?: string;
}

export interface SurveyQuestion {
  id: string;
  kind: QuestionKind;
  text: SurveyText;
  /** Only for `choice`: what one picks from; the answer is the option's index. */
  options?: SurveyText[];
  required: boolean;
}

/** rating5: 1–5, nps: 0–10, choice: an option index, text: up to 2,000 characters. */
export type SurveyAnswer = number | string;

export interface SurveyDefinition<D = string> {
  title: SurveyText;
  audience: SurveyAudience;
  closesAt: D;
  questions: SurveyQuestion[];
}

/** A survey as coordinators see it. */
export interface SurveyView<D = string> extends SurveyDefinition<D> {
  id: number;
  cohortId: number;
  status: SurveyStatus;
  publishedAt: D | null;
  invited: number;
  responded: number;
  createdAt: D;
}

/** GET /api/me/surveys: a survey one was invited to, with one's own answers. */
export interface MeSurvey<D = string> extends SurveyDefinition<D> {
  id: number;
  status: Exclude<SurveyStatus, 'draft'>;
  response: { answers: Record<string, SurveyAnswer>; shareName: boolean; submittedAt: D; updatedAt: D } | null;
}

export interface QuestionResult {
  id: string;
  kind: QuestionKind;
  /** How many answered this question. */
  n: number;
  /** rating5 and nps. */
  mean?: number | null;
  /** nps: % of 9–10 minus % of 0–6, from −100 to 100. */
  nps?: number | null;
  /** rating5 (values 1–5), nps (0–10), choice (option index): how many gave each value, in value order. */
  distribution?: number[];
  /** text: the answers, with the name only where the respondent chose to share it. */
  texts?: Array<{ text: string; role: ApplicantRole; name: string | null }>;
}

export interface SurveyResults {
  surveyId: number;
  invited: number;
  responded: number;
  /** responded / invited, 0–1 (0 when nobody was invited). */
  responseRate: number;
  questions: QuestionResult[];
}

/** Ready surveys a coordinator starts from (the questions a 师友计划 asks at mid-term and at the end). */
export const SURVEY_TEMPLATES: Record<'midterm' | 'final', Omit<SurveyDefinition, 'closesAt'>> = {
  midterm: {
    title: { zh: '师友计划中期问卷', en: 'Mid-term survey' },
    audience: 'both',
    questions: [
      { id: 'satisfaction', kind: 'rating5', required: true, text: { zh: '到目前为止，您对这段师友关系的满意度如何？', en: 'How satisfied are you with your pairing so far?' } },
      {
        id: 'frequency', kind: 'choice', required: true, text: { zh: '您和您的师友或生友大约多久见一次面（含线上）？', en: 'How often do you meet (online included)?' },
        options: [
          { zh: '每周', en: 'Weekly' }, { zh: '每两周', en: 'Every two weeks' }, { zh: '每月', en: 'Monthly' },
          { zh: '更少', en: 'Less often' }, { zh: '还没见过面', en: 'We have not met yet' },
        ],
      },
      { id: 'helpful', kind: 'text', required: false, text: { zh: '目前最有帮助的是什么？', en: 'What has helped most so far?' } },
      { id: 'support', kind: 'text', required: false, text: { zh: '您希望校友部提供哪些帮助？', en: 'How could the alumni office help you?' } },
    ],
  },
  final: {
    title: { zh: '师友计划结业问卷', en: 'Final survey' },
    audience: 'both',
    questions: [
      { id: 'satisfaction', kind: 'rating5', required: true, text: { zh: '总体而言，您对本期师友计划的满意度如何？', en: 'Overall, how satisfied are you with this cohort of the programme?' } },
      { id: 'recommend', kind: 'nps', required: true, text: { zh: '您有多大可能向同学或校友推荐师友计划？（0–10）', en: 'How likely are you to recommend the programme to a friend or fellow alumnus? (0–10)' } },
      {
        id: 'again', kind: 'choice', required: true, text: { zh: '您愿意再次参加（担任师友或生友）吗？', en: 'Would you take part again (as a mentor or student)?' },
        options: [{ zh: '愿意', en: 'Yes' }, { zh: '也许', en: 'Maybe' }, { zh: '不愿意', en: 'No' }],
      },
      { id: 'helpful', kind: 'text', required: false, text: { zh: '这段师友关系中最有帮助的是什么？', en: 'What helped you most in this pairing?' } },
      { id: 'improve', kind: 'text', required: false, text: { zh: '您对下一期有什么建议？', en: 'What should the next cohort do differently?' } },
    ],
  },
};
