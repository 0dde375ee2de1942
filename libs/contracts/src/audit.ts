/**
 * DESIGN §10's audit: every staff write, one entry each. The action names and their labels are contracts: the console,
 * the export and anyone reading the table use them. Staff actions (create_staff …) are recorded by the staff routes.
 */
export const AUDIT_ACTIONS = {
  create_cohort: { zh: '创建期次', en: 'Create cohort' },
  update_cohort: { zh: '修改期次设置', en: 'Change cohort settings' },
  open_cohort: { zh: '开放报名', en: 'Open cohort' },
  close_cohort: { zh: '截止报名', en: 'Close cohort' },
  reopen_cohort: { zh: '重新开放报名', en: 'Reopen cohort' },
  archive_cohort: { zh: '归档期次', en: 'Archive cohort' },
  complete_cohort: { zh: '结业', en: 'Complete cohort' },
  purge_cohort: { zh: '清除个人信息', en: 'Purge personal data' },
  review_applications: { zh: '审核申请', en: 'Review applications' },
  request_round: { zh: '发起匹配轮次', en: 'Request round' },
  propose_match: { zh: '手动推荐', en: 'Propose by hand' },
  cancel_match: { zh: '取消推荐', en: 'Cancel match' },
  end_pair: { zh: '结束师友关系', en: 'End pair' },
  create_survey: { zh: '创建问卷', en: 'Create survey' },
  update_survey: { zh: '修改问卷', en: 'Edit survey' },
  publish_survey: { zh: '发布问卷', en: 'Publish survey' },
  create_announcement: { zh: '发送公告', en: 'Send announcement' },
  retry_notification: { zh: '重发邮件', en: 'Retry email' },
  create_staff: { zh: '添加工作人员', en: 'Add staff member' },
  update_staff: { zh: '修改工作人员', en: 'Change staff member' },
  disable_staff: { zh: '停用工作人员', en: 'Disable staff member' },
  create_token: { zh: '创建个人 API 令牌', en: 'Create personal API token' },
  revoke_token: { zh: '撤销个人 API 令牌', en: 'Revoke personal API token' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export const AUDIT_LIMITS = {
  pageSize: { default: 50, max: 200 },
  /** An export is one file: past this many entries, narrow the filters. */
  exportRows: { max: 50_000 },
} as const;

/**
 * One entry. `staffId` is null for the bootstrap COORDINATOR_TOKEN. `target` names what was written (`cohort:3`,
 * `match:12`, `mentor-applications:4,5`); `summary` says what, with ids only — never an applicant's name or
 * contact, so the entries outlive a cohort's anonymisation unchanged.
 */
export interface AuditEntryView<D = string> {
  id: number;
  at: D;
  staffId: number | null;
  staffName: string;
  action: AuditAction;
  cohortId: number | null;
  target: string;
  summary: string;
}

/** GET /api/audit: newest first. */
export interface AuditPage<D = string> {
  entries: AuditEntryView<D>[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditFilter {
  cohortId?: number;
  staffId?: number;
  action?: AuditAction;
  /** ISO instants; `to` is exclusive. */
  from?: string;
  to?: string;
}
