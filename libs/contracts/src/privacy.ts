/**
 * DESIGN §10's personal data (PIPL). The consent text each form shows, by version: an application stores the version
 * it agreed to, and the API accepts only versions listed here. A new text is a new version added here (the old ones
 * stay, so what earlier applicants agreed to can always be read).
 */
export const CONSENT_TEXTS = {
  '2026-12': {
    zh: '我同意校友部为师友计划的报名审核、匹配和联络，保存并使用我填写的个人信息：匹配成功后，我的联系方式仅向配对的师友（生友）公开；协调员可查看我的全部报名资料。本期归档后，个人信息将按本期设置的保存期限（默认 365 天）匿名化，统计数字保留。我可以随时在个人页面导出或删除我的数据。',
    en: 'I agree that the Alumni Office keeps and uses the personal details I give for reviewing, matching and contacting me in the mentorship programme: my contact details are shown only to my matched partner once a match is accepted; coordinators see my whole application. After the cohort is archived my personal details are anonymised once its retention period (365 days unless set otherwise) has passed; the figures are kept. I can export or delete my data from my personal page at any time.',
  },
} as const satisfies Record<string, { zh: string; en: string }>;
export type ConsentVersion = keyof typeof CONSENT_TEXTS;
export const CONSENT_VERSIONS = Object.keys(CONSENT_TEXTS) as ConsentVersion[];
export const CURRENT_CONSENT_VERSION: ConsentVersion = '2026-12';

/** What `anonymise` leaves of a name: its first character and a star (`王*`), as certificates show a holder. */
export const ANONYMISED_NAME_SUFFIX = '*';

/** POST /api/me/erase */
export interface EraseResult {
  id: number;
  status: 'withdrawn';
  /** Open proposals cancelled and pairs ended with the erasure. */
  cancelledMatches: number;
}

/** POST /api/cohorts/:cohortId/purge, and the retention job's result per cohort. */
export interface PurgeResult<D = string> {
  cohortId: number;
  /** Applications anonymised by this call (0 when the cohort already was). */
  applications: number;
  anonymisedAt: D;
}

/**
 * GET /api/me/export: everything held about the caller, and nothing of anyone else's — partners appear by role and
 * id only. `D` as elsewhere: an ISO string in JSON.
 */
export interface MeExport<D = string> {
  exportedAt: D;
  role: 'mentor' | 'student';
  cohort: { id: number; name: string };
  /** Every column of the application as stored (the consent version included). */
  application: Record<string, unknown>;
  choices: Array<{ rank: number; mentorId: number }>;
  edits: Array<{ at: D; changes: unknown }>;
  matches: Array<{
    id: number; status: string; partner: { role: 'mentor' | 'student'; id: number }; createdAt: D; respondBy: D | null;
    declineReason: string | null; note: string | null; acceptedAt: D | null; endedAt: D | null; endReason: string | null; endNote: string | null;
    history: Array<{ at: D; from: string | null; to: string; actorRole: string; reason: string | null }>;
    goals: Array<{ text: string; done: boolean }>;
    meetings: Array<{ heldOn: string; minutes: number; mode: string; summary: string | null; loggedBy: string }>;
  }>;
  checkIns: Array<{ matchId: number; period: number; sentAt: D; answer: string | null; note: string | null; answeredAt: D | null }>;
  surveyResponses: Array<{ surveyId: number; answers: Record<string, unknown>; shareName: boolean; submittedAt: D }>;
  certificates: Array<{ kind: string; code: string; issuedOn: string }>;
  /**
   * The emails sent to them: which, to what address, when, and whether delivered. Not their words: those are the
   * templates' and the other side's details (a partner's name and contact), which are not the applicant's own.
   */
  notifications: Array<{ id: number; type: string; recipientName: string; recipientEmail: string; status: string; createdAt: D; sentAt: D | null }>;
}
