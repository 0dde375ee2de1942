import { AuditAction } from '@app/contracts';

/** What the edge hands over of a staff write that succeeded: the route's parameters, the validated body, the answer. */
export interface AuditedWrite {
  params: Record<string, string>;
  body: unknown;
  result: unknown;
  /** Set by the route's decorator where one action covers routes that differ (mentor or student review). */
  role?: 'mentor' | 'student';
}

/** Kinds of thing an entry's `target` names, `<kind>:<id>`. A cohort not in the route is looked up from the target. */
export const AUDIT_TARGET_KINDS = ['cohort', 'mentor-applications', 'student-applications', 'round', 'match', 'survey', 'announcement', 'notification', 'staff', 'token'] as const;
export type AuditTargetKind = (typeof AUDIT_TARGET_KINDS)[number];

export interface AuditDescription {
  /** Undefined: found from the target (`match`, `survey`, `notification`). */
  cohortId?: number | null;
  target: { kind: AuditTargetKind; ids: Array<number | string> };
  summary: string;
}

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields => (value && typeof value === 'object' ? (value as Fields) : {});
const idOf = (value: unknown): number => Number(fields(value).id);
const param = (write: AuditedWrite, name: string): number => Number(write.params[name]);
const ROLE_WORDS = { mentor: '师友', student: '生友' } as const;
const DECISION_WORDS: Record<string, string> = { approved: '通过', rejected: '未通过' };
const STATUS_WORDS: Record<string, string> = { draft: '草稿', open: '报名中', closed: '已截止', archived: '已归档' };

const cohortParam = (write: AuditedWrite, summary: string): AuditDescription => ({
  cohortId: param(write, 'cohortId'), target: { kind: 'cohort', ids: [param(write, 'cohortId')] }, summary,
});
const transition = (write: AuditedWrite) => cohortParam(write, `状态改为 ${STATUS_WORDS[String(fields(write.result).status)] ?? String(fields(write.result).status)}`);
const survey = (verb: string) => (write: AuditedWrite): AuditDescription => {
  const view = fields(write.result);
  return {
    cohortId: Number(view.cohortId),
    target: { kind: 'survey', ids: [idOf(write.result)] },
    summary: `${verb}问卷「${String(fields(view.title).zh ?? '')}」（对象 ${String(view.audience)}${view.status === 'published' ? `，邀请 ${Number(view.invited)} 人` : ''}）`,
  };
};
const staff = (verb: string) => (write: AuditedWrite): AuditDescription => ({
  cohortId: null,
  target: { kind: 'staff', ids: [write.params.staffId ? param(write, 'staffId') : idOf(write.result)] },
  summary: `${verb}${Object.keys(fields(write.body)).length ? `：${Object.keys(fields(write.body)).join('、')}` : ''}`,
});

/**
 * Each action's entry. Summaries carry ids, statuses and setting names, never what an applicant or a coordinator
 * wrote (a cancel's reason, a review's note): those can hold personal data, and the audit is kept past a cohort's
 * anonymisation, whereas the texts themselves stay in the rows the write changed (match history, the review).
 */
const DESCRIBE: Record<AuditAction, (write: AuditedWrite) => AuditDescription> = {
  create_cohort: (write) => ({
    cohortId: idOf(write.result), target: { kind: 'cohort', ids: [idOf(write.result)] }, summary: `创建「${String(fields(write.result).name)}」`,
  }),
  update_cohort: (write) => cohortParam(write, `修改 ${Object.keys(fields(write.body)).join('、') || '（无变化）'}`),
  open_cohort: transition,
  close_cohort: transition,
  reopen_cohort: transition,
  archive_cohort: transition,
  complete_cohort: (write) => cohortParam(write, `结业：${Number(fields(write.result).completedPairs)} 对师友关系完成`),
  purge_cohort: (write) => cohortParam(write, `匿名化 ${Number(fields(write.result).applications)} 份申请`),
  review_applications: (write) => {
    const body = fields(write.body);
    const role = write.role ?? 'mentor';
    const ids = (Array.isArray(body.ids) ? body.ids : []) as number[];
    return {
      cohortId: param(write, 'cohortId'),
      target: { kind: `${role}-applications`, ids },
      summary: `${DECISION_WORDS[String(body.decision)] ?? String(body.decision)} ${ids.length} 份${ROLE_WORDS[role]}申请，${Number(fields(write.result).updated)} 份状态改变${body.note ? '，附审核意见' : ''}`,
    };
  },
  request_round: (write) => {
    const round = fields(write.result);
    return {
      cohortId: param(write, 'cohortId'),
      target: { kind: 'round', ids: [idOf(write.result)] },
      summary: `第 ${Number(round.number)} 轮${round.dryRun ? '（预览）' : ''}${round.seed === null || round.seed === undefined ? '' : `，种子 ${Number(round.seed)}`}`,
    };
  },
  propose_match: (write) => {
    const body = fields(write.body);
    return {
      cohortId: param(write, 'cohortId'),
      target: { kind: 'match', ids: [idOf(write.result)] },
      summary: `生友 #${Number(body.studentId)} → 师友 #${Number(body.mentorId)}`,
    };
  },
  cancel_match: (write) => {
    const match = fields(write.result);
    return { target: { kind: 'match', ids: [param(write, 'matchId')] }, summary: `取消 生友 #${Number(match.studentId)} → 师友 #${Number(match.mentorId)}` };
  },
  end_pair: (write) => ({ target: { kind: 'match', ids: [param(write, 'matchId')] }, summary: `结束，原因 ${String(fields(write.body).reason)}` }),
  create_survey: survey('创建'),
  update_survey: survey('修改'),
  publish_survey: survey('发布'),
  create_announcement: (write) => {
    const body = fields(write.body);
    return {
      cohortId: param(write, 'cohortId'),
      target: { kind: 'announcement', ids: [idOf(write.result)] },
      summary: `「${String(fields(body.subject).zh ?? '')}」发给 ${String(body.audience)}，${Number(fields(write.result).recipients)} 人`,
    };
  },
  retry_notification: (write) => ({
    cohortId: (fields(write.result).cohortId as number | null | undefined) ?? null,
    target: { kind: 'notification', ids: [param(write, 'notificationId')] },
    summary: `重发 ${String(fields(write.result).type)} 邮件`,
  }),
  create_staff: staff('添加'),
  update_staff: staff('修改'),
  disable_staff: staff('停用'),
  // The token's own id only: never its secret, which the answer to create_token carries.
  create_token: (write) => ({ cohortId: null, target: { kind: 'token', ids: [idOf(write.result)] }, summary: `创建个人 API 令牌 #${idOf(write.result)}` }),
  revoke_token: (write) => ({ cohortId: null, target: { kind: 'token', ids: [param(write, 'tokenId')] }, summary: `撤销个人 API 令牌 #${param(write, 'tokenId')}` }),
};

export function describeWrite(action: AuditAction, write: AuditedWrite): AuditDescription {
  return DESCRIBE[action](write);
}

export const targetText = ({ kind, ids }: AuditDescription['target']): string => `${kind}:${ids.join(',')}`.slice(0, 300);
