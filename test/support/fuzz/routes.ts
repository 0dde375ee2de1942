import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ANNOUNCEMENT_AUDIENCES, APPLICATION_STATUSES, AUDIT_ACTION_NAMES, CHECK_IN_ANSWERS, DECLINE_REASONS, END_REASONS, MATCH_STATUSES, MEETING_MODES, NOTIFICATION_STATUSES, PAIR_HEALTHS, PAIR_LIMITS,
  SURVEY_AUDIENCES, SURVEY_TEMPLATES,
} from '@app/contracts';
import { QUEUE } from '@app/domain';
import { sampleMentor, sampleStudent } from '../factories';
import { ROOT } from '../system';
import { Fixture } from './fixture';
import { Json } from './json';
import { Random } from './random';

/**
 * Every route of the API, with what a valid request to it looks like. The fuzzer starts from that request and
 * breaks one thing. The list mirrors apps/api/src/**\/*.controller.ts, the pages, the static assets, the OpenAPI
 * document and the queue dashboard (bull-board under /admin/queues).
 */
export type AuthKind =
  | 'none'
  | 'coordinator'
  | 'student'
  | 'mentor'
  | 'withdrawer'
  /** The student of an accepted pair (DESIGN §7): goals, meetings, the pair's list. */
  | 'pair'
  /** The mentor of another accepted pair, which the member's end route ends. */
  | 'ender'
  /** The route changes queue state: it is only ever sent with credentials that must be refused. */
  | 'refused';

export interface BodyContext {
  fixture: Fixture;
  random: Random;
  /** Unique per request, [A-Za-z0-9-]: makes emails and student numbers of valid bodies distinct. */
  tag: string;
}

export interface RouteSpec {
  method: string;
  /** Express-style template: `:name` segments are filled from `params`. */
  path: string;
  auth: AuthKind;
  params?: Record<string, (fixture: Fixture, random: Random) => string | number>;
  query?: (fixture: Fixture, random: Random) => Array<[string, string]>;
  body?: (context: BodyContext) => Json;
  /** Served from disk: path mutations aim at traversal. */
  static?: boolean;
}

export const routeName = (route: RouteSpec) => `${route.method} ${route.path}`;

/** The web app's built entry script and style (content-hashed names: read from the build `npm test` makes first). */
const BUILT_ASSETS = readdirSync(join(ROOT, 'apps/api/public/assets'));
const builtAsset = (pattern: RegExp): string => {
  const name = BUILT_ASSETS.find((file) => pattern.test(file));
  if (!name) throw new Error(`No built asset matches ${pattern}: run npm run build first`);
  return `/assets/${name}`;
};
/** A queue name no queue has: authorised dashboard writes aimed at it change nothing. */
export const NO_SUCH_QUEUE = 'fuzz-no-such-queue';

const cohort = (fixture: Fixture) => fixture.cohortId;
const scratch = (fixture: Fixture, random: Random) => random.pick(fixture.scratchCohortIds);
const statusQuery = (statuses: readonly string[]) => (_: Fixture, random: Random): Array<[string, string]> => [['status', random.pick(statuses)]];

const pairCohort = (fixture: Fixture) => fixture.pairCohortId;
const pairMatch = (fixture: Fixture) => fixture.pairMatchId;
const checkInToken = (fixture: Fixture, random: Random) => random.pick(fixture.checkInTokens);
const languageQuery = (_: Fixture, random: Random): Array<[string, string]> => [['lang', random.pick(['zh-CN', 'en'])]];
const endBody = ({ random }: BodyContext): Json => ({ reason: random.pick(END_REASONS), note: '双方时间都排不开。' });
/** A meeting's day may be today (China time), never later. */
const chinaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Surveys are made by the POST route as the run goes: a small id names one of them, or none (404). */
const someSurvey = (_: Fixture, random: Random) => random.int(1, 4);
const surveyBody = ({ random }: BodyContext): Json => ({
  ...(random.chance(0.5) ? SURVEY_TEMPLATES.final : SURVEY_TEMPLATES.midterm) as unknown as Record<string, Json>,
  audience: random.pick(SURVEY_AUDIENCES),
  closesAt: new Date(Date.now() + random.int(1, 30) * 86_400_000).toISOString(),
});
const surveyAnswers = ({ random }: BodyContext): Json => ({
  answers: { satisfaction: random.int(1, 5), recommend: random.int(0, 10), again: random.int(0, 2), helpful: '师友帮我梳理了求职方向。' },
  shareName: random.chance(0.5),
});

const announcementBody = ({ random, tag }: BodyContext): Json => ({
  subject: { zh: `校友分享会通知 ${tag}`, ...(random.chance(0.5) && { en: `Alumni talk ${tag}` }) },
  body: { zh: '各位好：\n\n本周六下午两点在图书馆报告厅。', ...(random.chance(0.5) && { en: 'Saturday 2 pm in the library hall.' }) },
  audience: random.pick(ANNOUNCEMENT_AUDIENCES),
});

const weights = (random: Random) => ({ topics: random.int(0, 10), industry: 1.5, affinity: 1, city: random.int(0, 3), rank: 2 });

const cohortSettings = ({ random, tag }: BodyContext): Json => ({
  name: `第${random.int(1, 99)}期 师友计划 ${tag}`,
  description: '面向本科生的校友导师计划。',
  maxChoices: random.int(1, 10),
  responseWindowHours: random.int(1, 240),
  fillWithScores: random.chance(0.5),
  autoRounds: false,
  minScore: 0.25,
  weights: weights(random),
});

const mentorBody = ({ random, tag }: BodyContext): Json => ({ ...sampleMentor(random.int(0, 500), 3), email: `fz-${tag}@alumni.example.cn` });

const studentBody = ({ fixture, random, tag }: BodyContext): Json => {
  const { choices, ...rest } = sampleStudent(random.int(0, 500), fixture.approvedMentorIds, 3, fixture.maxChoices);
  return { ...rest, email: `fz-${tag}@example.cn`, studentNumber: `FZ-${tag}`, choices: choices.slice(0, fixture.maxChoices) };
};

/** Some of the editable fields (an edit sends any part of them), with values the forms accept. */
const someOf = (random: Random, fields: Record<string, Json>): Json =>
  Object.fromEntries(random.some(Object.entries(fields), random.int(1, Object.keys(fields).length)));
const studentDetails = ({ random }: BodyContext): Json => someOf(random, {
  name: random.pick(['李华', '王芳', 'Zoë 陈']), city: random.pick(['西安', '上海', '深圳']), topics: random.some(['AI', '求职', '读研', '创业'], random.int(1, 3)),
  industries: random.some(['互联网', '金融', '教育'], random.int(0, 2)), statement: '想了解互联网行业的真实工作。',
});
const mentorDetails = ({ random }: BodyContext): Json => someOf(random, {
  name: random.pick(['林海', '周敏']), phone: random.pick(['138 0000 0000', null]), organization: '腾讯', title: random.pick(['产品经理', '工程师']),
  city: random.pick(['北京', '深圳']), topics: random.some(['产品', '求职', '管理'], random.int(1, 3)), bio: '十年产品经验。', capacity: random.int(1, 5),
});

const review = (ids: (fixture: Fixture) => number[]) => ({ fixture, random }: BodyContext): Json => ({
  ids: random.some(ids(fixture), random.int(1, 2)),
  decision: 'approved',
  note: '资料齐全，同意。',
});

export const ROUTES: RouteSpec[] = [
  // Operations, documentation, pages and assets.
  { method: 'GET', path: '/health', auth: 'none' },
  { method: 'GET', path: '/docs-json', auth: 'none' },
  { method: 'GET', path: '/docs', auth: 'none' },
  { method: 'GET', path: '/', auth: 'none' },
  { method: 'GET', path: '/me', auth: 'none' },
  { method: 'GET', path: '/admin', auth: 'none' },
  { method: 'GET', path: '/cohorts/:cohortId/apply/student', auth: 'none', params: { cohortId: cohort } },
  { method: 'GET', path: '/cohorts/:cohortId/apply/mentor', auth: 'none', params: { cohortId: cohort } },
  { method: 'GET', path: builtAsset(/^index-.+\.js$/), auth: 'none', static: true },
  { method: 'GET', path: builtAsset(/^index-.+\.css$/), auth: 'none', static: true },

  // Public.
  { method: 'GET', path: '/api/public/cohorts', auth: 'none' },
  { method: 'GET', path: '/api/public/cohorts/:cohortId', auth: 'none', params: { cohortId: cohort } },
  { method: 'GET', path: '/api/public/cohorts/:cohortId/mentors', auth: 'none', params: { cohortId: cohort } },
  { method: 'POST', path: '/api/cohorts/:cohortId/mentor-applications', auth: 'none', params: { cohortId: cohort }, body: mentorBody },
  { method: 'POST', path: '/api/cohorts/:cohortId/student-applications', auth: 'none', params: { cohortId: cohort }, body: studentBody },
  { method: 'GET', path: '/api/public/announced-cohorts', auth: 'none' },
  // An address of one of the main cohort's students (the fixture applies them with sampleStudent(0…5)), or one that never applied.
  {
    method: 'POST', path: '/api/public/cohorts/:cohortId/resend-link', auth: 'none', params: { cohortId: cohort },
    body: ({ random, tag }) => ({ email: random.chance(0.5) ? sampleStudent(random.int(0, 5), []).email : `fz-${tag}@example.cn` }),
  },

  // Applicant (/api/me, personal token).
  { method: 'GET', path: '/api/me', auth: 'student' },
  { method: 'PUT', path: '/api/me/choices', auth: 'student', body: ({ fixture, random }) => ({ choices: random.some(fixture.approvedMentorIds, random.int(0, fixture.maxChoices)) }) },
  { method: 'POST', path: '/api/me/withdraw', auth: 'withdrawer' },
  // DESIGN §10: the applicant's data as JSON; erasing ends the token, so it is only ever sent with credentials that must be refused.
  { method: 'GET', path: '/api/me/export', auth: 'student' },
  { method: 'POST', path: '/api/me/erase', auth: 'refused' },
  { method: 'GET', path: '/api/me/proposals', auth: 'mentor' },
  { method: 'GET', path: '/api/me/open-cohorts', auth: 'student' },
  { method: 'GET', path: '/api/me/prefill', auth: 'mentor', query: (fixture, random) => [['cohortId', String(random.pick([fixture.cohortId, ...fixture.scratchCohortIds]))]] },
  // DESIGN §9: the same route checks a body against the token's role, so it is aimed at with each.
  { method: 'PATCH', path: '/api/me', auth: 'student', body: studentDetails },
  { method: 'PATCH', path: '/api/me', auth: 'mentor', body: mentorDetails },
  { method: 'POST', path: '/api/me/proposals/:matchId/accept', auth: 'mentor', params: { matchId: (fixture) => fixture.answerableMatchId } },
  {
    method: 'POST', path: '/api/me/proposals/:matchId/decline', auth: 'mentor', params: { matchId: (fixture) => fixture.answerableMatchId },
    body: ({ random }) => ({ reason: random.pick(DECLINE_REASONS), note: '这学期时间不够，抱歉。' }),
  },

  // Pairs (DESIGN §7): the members' page, and the check-in links of the emails (the token is the credential).
  { method: 'GET', path: '/api/me/pairs', auth: 'pair' },
  {
    method: 'PUT', path: '/api/me/pairs/:matchId/goals', auth: 'pair', params: { matchId: pairMatch },
    body: ({ random }) => ({ goals: Array.from({ length: random.int(0, PAIR_LIMITS.goals.maxItems) }, (_, index) => ({ text: `目标 ${index + 1}：完成一份简历`, done: random.chance(0.5) })) }),
  },
  { method: 'GET', path: '/api/me/pairs/:matchId/meetings', auth: 'pair', params: { matchId: pairMatch } },
  {
    method: 'POST', path: '/api/me/pairs/:matchId/meetings', auth: 'pair', params: { matchId: pairMatch },
    body: ({ random }) => ({ heldOn: chinaToday(), minutes: random.int(PAIR_LIMITS.minutes.min, PAIR_LIMITS.minutes.max), mode: random.pick(MEETING_MODES), summary: '聊了秋招的准备。' }),
  },
  {
    method: 'DELETE', path: '/api/me/pairs/:matchId/meetings/:meetingId', auth: 'pair',
    params: { matchId: pairMatch, meetingId: (fixture, random) => random.pick(fixture.meetingIds) },
  },
  { method: 'POST', path: '/api/me/pairs/:matchId/end', auth: 'ender', params: { matchId: (fixture) => fixture.endableMatchId }, body: endBody },
  { method: 'GET', path: '/check-in', auth: 'none' },
  { method: 'GET', path: '/api/check-ins/:token', auth: 'none', params: { token: checkInToken } },
  {
    method: 'POST', path: '/api/check-ins/:token', auth: 'none', params: { token: checkInToken },
    body: ({ random }) => ({ answer: random.pick(CHECK_IN_ANSWERS), note: '一切顺利。' }),
  },

  // Coordinator: cohorts and reviews.
  { method: 'POST', path: '/api/cohorts', auth: 'coordinator', body: cohortSettings },
  { method: 'GET', path: '/api/cohorts', auth: 'coordinator' },
  { method: 'GET', path: '/api/cohorts/:cohortId', auth: 'coordinator', params: { cohortId: cohort } },
  {
    method: 'PATCH', path: '/api/cohorts/:cohortId', auth: 'coordinator', params: { cohortId: scratch },
    body: (context) => {
      const { name: _name, ...settings } = cohortSettings(context) as Record<string, Json>;
      return settings;
    },
  },
  { method: 'POST', path: '/api/cohorts/:cohortId/open', auth: 'coordinator', params: { cohortId: scratch } },
  { method: 'POST', path: '/api/cohorts/:cohortId/close', auth: 'coordinator', params: { cohortId: scratch } },
  { method: 'POST', path: '/api/cohorts/:cohortId/reopen', auth: 'coordinator', params: { cohortId: scratch } },
  { method: 'POST', path: '/api/cohorts/:cohortId/archive', auth: 'coordinator', params: { cohortId: scratch } },
  // The main cohort stays open, so a purge of it is always the 409 (a scratch cohort may be archived, and purged by nobody).
  { method: 'POST', path: '/api/cohorts/:cohortId/purge', auth: 'coordinator', params: { cohortId: cohort } },
  { method: 'GET', path: '/api/program/report', auth: 'coordinator' },
  { method: 'GET', path: '/api/program/report.xlsx', auth: 'coordinator', query: languageQuery },
  { method: 'GET', path: '/api/cohorts/:cohortId/mentor-applications', auth: 'coordinator', params: { cohortId: cohort }, query: statusQuery(APPLICATION_STATUSES) },
  { method: 'GET', path: '/api/cohorts/:cohortId/student-applications', auth: 'coordinator', params: { cohortId: cohort }, query: statusQuery(APPLICATION_STATUSES) },
  // The applications the `mentor` and `student` tokens edit.
  {
    method: 'GET', path: '/api/cohorts/:cohortId/mentor-applications/:applicationId/edits', auth: 'coordinator',
    params: { cohortId: cohort, applicationId: (fixture) => fixture.approvedMentorIds[0] },
  },
  {
    method: 'GET', path: '/api/cohorts/:cohortId/student-applications/:applicationId/edits', auth: 'coordinator',
    params: { cohortId: cohort, applicationId: (fixture) => fixture.studentIds[3] },
  },
  {
    method: 'POST', path: '/api/cohorts/:cohortId/mentor-applications/review', auth: 'coordinator', params: { cohortId: cohort },
    body: review((fixture) => [fixture.pendingMentorId]),
  },
  {
    method: 'POST', path: '/api/cohorts/:cohortId/student-applications/review', auth: 'coordinator', params: { cohortId: cohort },
    body: review((fixture) => fixture.studentIds),
  },

  // Coordinator: matches.
  { method: 'GET', path: '/api/cohorts/:cohortId/matches', auth: 'coordinator', params: { cohortId: cohort }, query: statusQuery(MATCH_STATUSES) },
  {
    method: 'GET', path: '/api/cohorts/:cohortId/matches.csv', auth: 'coordinator', params: { cohortId: cohort },
    query: (fixture, random) => [...statusQuery(MATCH_STATUSES)(fixture, random), ['lang', random.pick(['zh-CN', 'en'])]],
  },
  { method: 'GET', path: '/api/cohorts/:cohortId/match-candidates', auth: 'coordinator', params: { cohortId: cohort } },
  {
    method: 'POST', path: '/api/cohorts/:cohortId/matches', auth: 'coordinator', params: { cohortId: cohort },
    body: ({ fixture, random }) => ({ studentId: random.pick(fixture.approvedStudentIds), mentorId: random.pick(fixture.approvedMentorIds) }),
  },
  { method: 'POST', path: '/api/matches/:matchId/cancel', auth: 'coordinator', params: { matchId: (fixture) => fixture.cancellableMatchId }, body: () => ({ reason: '学生已另有安排' }) },
  { method: 'GET', path: '/api/matches/:matchId/history', auth: 'coordinator', params: { matchId: (fixture, random) => random.pick([fixture.answerableMatchId, fixture.cancellableMatchId]) } },

  // Coordinator: pairs.
  { method: 'GET', path: '/api/cohorts/:cohortId/pairs', auth: 'coordinator', params: { cohortId: pairCohort }, query: (_, random) => [['health', random.pick(PAIR_HEALTHS)]] },
  { method: 'GET', path: '/api/cohorts/:cohortId/pairs.csv', auth: 'coordinator', params: { cohortId: pairCohort }, query: languageQuery },
  { method: 'GET', path: '/api/cohorts/:cohortId/pairs.xlsx', auth: 'coordinator', params: { cohortId: pairCohort }, query: languageQuery },
  { method: 'GET', path: '/api/matches/:matchId/meetings', auth: 'coordinator', params: { matchId: pairMatch } },
  { method: 'POST', path: '/api/matches/:matchId/end', auth: 'coordinator', params: { matchId: (fixture) => fixture.coordinatorEndableMatchId }, body: endBody },
  // 结业 of a scratch cohort: completing the pairs' own cohort would leave the members' routes nothing but 409.
  { method: 'POST', path: '/api/cohorts/:cohortId/complete', auth: 'coordinator', params: { cohortId: scratch } },

  // Coordinator: surveys, the report and certificates (DESIGN §8).
  { method: 'GET', path: '/api/survey-templates', auth: 'coordinator' },
  { method: 'POST', path: '/api/cohorts/:cohortId/surveys', auth: 'coordinator', params: { cohortId: pairCohort }, body: surveyBody },
  { method: 'GET', path: '/api/cohorts/:cohortId/surveys', auth: 'coordinator', params: { cohortId: pairCohort } },
  { method: 'GET', path: '/api/surveys/:surveyId', auth: 'coordinator', params: { surveyId: someSurvey } },
  { method: 'PUT', path: '/api/surveys/:surveyId', auth: 'coordinator', params: { surveyId: someSurvey }, body: surveyBody },
  { method: 'POST', path: '/api/surveys/:surveyId/publish', auth: 'coordinator', params: { surveyId: someSurvey } },
  { method: 'GET', path: '/api/surveys/:surveyId/results', auth: 'coordinator', params: { surveyId: someSurvey } },
  { method: 'GET', path: '/api/surveys/:surveyId/results.xlsx', auth: 'coordinator', params: { surveyId: someSurvey }, query: languageQuery },
  { method: 'GET', path: '/api/me/surveys', auth: 'pair' },
  { method: 'PUT', path: '/api/me/surveys/:surveyId/response', auth: 'pair', params: { surveyId: someSurvey }, body: surveyAnswers },
  { method: 'GET', path: '/api/cohorts/:cohortId/report', auth: 'coordinator', params: { cohortId: pairCohort } },
  { method: 'GET', path: '/api/cohorts/:cohortId/report.xlsx', auth: 'coordinator', params: { cohortId: pairCohort }, query: languageQuery },
  { method: 'GET', path: '/api/cohorts/:cohortId/certificates.zip', auth: 'coordinator', params: { cohortId: pairCohort } },
  { method: 'GET', path: '/api/me/certificate.pdf', auth: 'pair' },
  { method: 'GET', path: '/api/public/certificates/:code', auth: 'none', params: { code: (_, random) => random.pick(['7K3M-Q9XD-2HPV', 'abcd-efgh-jkmn', '0000000000']) } },

  // Coordinator: announcements (DESIGN §9).
  {
    method: 'GET', path: '/api/cohorts/:cohortId/announcements/audience', auth: 'coordinator', params: { cohortId: pairCohort },
    query: (_, random) => [['audience', random.pick(ANNOUNCEMENT_AUDIENCES)]],
  },
  { method: 'POST', path: '/api/cohorts/:cohortId/announcements', auth: 'coordinator', params: { cohortId: pairCohort }, body: announcementBody },
  { method: 'GET', path: '/api/cohorts/:cohortId/announcements', auth: 'coordinator', params: { cohortId: pairCohort } },

  // Coordinator: notifications.
  {
    method: 'GET', path: '/api/notifications', auth: 'coordinator',
    query: (fixture, random) => [['status', random.pick(NOTIFICATION_STATUSES)], ['cohortId', String(fixture.cohortId)], ['limit', String(random.int(1, 1000))]],
  },
  { method: 'POST', path: '/api/notifications/:notificationId/retry', auth: 'coordinator', params: { notificationId: (fixture, random) => random.pick(fixture.notificationIds) } },

  // Coordinator: the audit of staff writes (DESIGN §10).
  {
    method: 'GET', path: '/api/audit', auth: 'coordinator',
    query: (fixture, random) => [['cohortId', String(fixture.cohortId)], ['action', random.pick(AUDIT_ACTION_NAMES)], ['from', new Date(Date.now() - 86_400_000).toISOString()], ['page', '1'], ['pageSize', String(random.int(1, 200))]],
  },
  {
    method: 'GET', path: '/api/audit/export', auth: 'coordinator',
    query: (fixture, random) => [['cohortId', String(fixture.cohortId)], ['format', random.pick(['csv', 'xlsx'])], ['lang', random.pick(['zh-CN', 'en'])]],
  },

  // Coordinator: rounds.
  { method: 'POST', path: '/api/cohorts/:cohortId/rounds', auth: 'coordinator', params: { cohortId: cohort }, body: ({ random }) => ({ dryRun: random.chance(0.7), seed: random.int(0, 0xffffffff) }) },
  { method: 'GET', path: '/api/cohorts/:cohortId/rounds', auth: 'coordinator', params: { cohortId: cohort } },
  { method: 'GET', path: '/api/rounds/:roundId', auth: 'coordinator', params: { roundId: (fixture) => fixture.roundId } },
  { method: 'GET', path: '/api/rounds/:roundId/assignments', auth: 'coordinator', params: { roundId: (fixture) => fixture.roundId } },
  { method: 'GET', path: '/api/rounds/:roundId/results', auth: 'coordinator', params: { roundId: (fixture) => fixture.roundId } },
  { method: 'GET', path: '/api/rounds/:roundId/instance', auth: 'coordinator', params: { roundId: (fixture) => fixture.roundId } },

  // Staff (DESIGN §10): sign-in, the session, personal tokens (the bootstrap token has none: 403), the directory.
  { method: 'POST', path: '/api/auth/sign-in', auth: 'none', body: ({ tag }) => ({ email: `fz-${tag}@example.cn` }) },
  { method: 'POST', path: '/api/auth/session', auth: 'none', body: ({ tag }) => ({ token: `l_${tag}` }) },
  { method: 'POST', path: '/api/auth/sign-out', auth: 'none' },
  { method: 'GET', path: '/api/auth/me', auth: 'coordinator' },
  { method: 'POST', path: '/api/auth/tokens', auth: 'coordinator', body: () => ({ label: '导出脚本' }) },
  { method: 'GET', path: '/api/auth/tokens', auth: 'coordinator' },
  { method: 'DELETE', path: '/api/auth/tokens/:tokenId', auth: 'coordinator', params: { tokenId: (_fixture, random) => random.int(1, 5) } },
  {
    method: 'POST', path: '/api/staff', auth: 'coordinator',
    body: ({ fixture, random, tag }) => ({ name: '协调员', email: `fz-staff-${tag}@example.cn`, role: 'coordinator', cohortIds: random.chance(0.5) ? [fixture.cohortId] : [] }),
  },
  { method: 'GET', path: '/api/staff', auth: 'coordinator' },
  {
    method: 'PATCH', path: '/api/staff/:staffId', auth: 'coordinator', params: { staffId: (_fixture, random) => random.int(1, 5) },
    body: ({ fixture }) => ({ name: '协调员', role: 'coordinator', cohortIds: [fixture.cohortId] }),
  },
  { method: 'POST', path: '/api/staff/:staffId/disable', auth: 'coordinator', params: { staffId: (_fixture, random) => random.int(1, 5) } },

  // The queue dashboard (bull-board): reads with a coordinator token; writes only refused or aimed at no queue.
  { method: 'GET', path: '/admin/queues', auth: 'coordinator' },
  { method: 'GET', path: '/admin/queues/static/favicon.ico', auth: 'coordinator', static: true },
  {
    method: 'GET', path: '/admin/queues/api/queues', auth: 'coordinator',
    query: (_, random) => [['activeQueue', random.pick(Object.values(QUEUE))], ['status', random.pick(['latest', 'failed', 'delayed', 'completed'])], ['page', '1'], ['jobsPerPage', '10']],
  },
  { method: 'GET', path: '/admin/queues/api/redis/stats', auth: 'coordinator' },
  {
    method: 'GET', path: '/admin/queues/api/queues/:queueName/:jobId', auth: 'coordinator',
    params: { queueName: () => 'notifications', jobId: (fixture, random) => `notification-${random.pick(fixture.notificationIds)}` },
  },
  {
    method: 'GET', path: '/admin/queues/api/queues/:queueName/:jobId/logs', auth: 'coordinator',
    params: { queueName: () => 'notifications', jobId: (fixture, random) => `notification-${random.pick(fixture.notificationIds)}` },
  },
  { method: 'PUT', path: '/admin/queues/api/queues/:queueName/pause', auth: 'coordinator', params: { queueName: () => NO_SUCH_QUEUE } },
  { method: 'PUT', path: '/admin/queues/api/queues/:queueName/clean/:queueStatus', auth: 'coordinator', params: { queueName: () => NO_SUCH_QUEUE, queueStatus: () => 'failed' } },
  { method: 'PUT', path: '/admin/queues/api/queues/pause', auth: 'refused' },
  { method: 'PUT', path: '/admin/queues/api/queues/notifications/empty', auth: 'refused' },
];
