/**
 * Staff accounts (DESIGN §10): admins run everything; a coordinator runs the cohorts of their scope and sees no other.
 */
export const STAFF_ROLES = ['admin', 'coordinator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_LIMITS = {
  name: { maxLength: 100 },
  email: { maxLength: 254 },
  tokenLabel: { maxLength: 100 },
  cohortIds: { maxItems: 500 },
} as const;

/** A sign-in link works once, for this long after it is sent. */
export const SIGN_IN_LINK_SECONDS = 15 * 60;

/** A session ends after this long without a request. */
export const SESSION_IDLE_SECONDS = 8 * 3600;

/** The console's session cookie. */
export const SESSION_COOKIE = 'shiyou_session';

/**
 * `POST /api/auth/sign-in`: how many requests are let through per address and per client (IP address); over either
 * limit the answer is the same 202 and nothing is sent.
 */
export const SIGN_IN_LIMITS = {
  perAddress: { requests: 5, windowSeconds: 3600 },
  perClient: { requests: 20, windowSeconds: 600 },
} as const;

/** A staff member as admins list them. */
export interface StaffView<D = string> {
  id: number;
  name: string;
  email: string;
  role: StaffRole;
  /** The cohorts a coordinator runs; an admin's list is empty (admins see every cohort). */
  cohortIds: number[];
  disabledAt: D | null;
  createdAt: D;
}

/** `GET /api/auth/me`: who is signed in. `id` is null for the bootstrap COORDINATOR_TOKEN; `cohortIds` null means every cohort. */
export interface StaffMe {
  id: number | null;
  name: string;
  email: string | null;
  role: StaffRole;
  cohortIds: number[] | null;
}

/** A personal API token as listed: never the token itself, which is shown once, when created. */
export interface PersonalTokenView<D = string> {
  id: number;
  label: string;
  createdAt: D;
}

export interface CreatedPersonalToken<D = string> extends PersonalTokenView<D> {
  token: string;
}
