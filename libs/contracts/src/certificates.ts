import type { ApplicantRole } from './applications';

/**
 * DESIGN §8: a mentor's 校友导师聘书 (due once they have an accepted match: accepted, ended or completed) and a
 * student's 结业证书 (due once their match is completed).
 */
export const CERTIFICATE_KINDS = ['mentor_appointment', 'student_completion'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** Each role has one kind of certificate. */
export const CERTIFICATE_KIND_OF: Readonly<Record<ApplicantRole, CertificateKind>> = {
  mentor: 'mentor_appointment',
  student: 'student_completion',
};

/**
 * Verification codes: 12 random characters of Crockford's base32 (no I, L, O, U: nothing to misread), 60 bits,
 * written in groups of 4 (`7K3M-Q9XD-2HPV`). Read back case-insensitively, with or without the dashes, and with
 * I/L taken as 1 and O as 0, as Crockford's alphabet prescribes.
 */
export const CERTIFICATE_CODE = {
  alphabet: '0123456789ABCDEFGHJKMNPQRSTVWXYZ',
  length: 12,
  groupLength: 4,
  /** The written form. */
  pattern: /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/,
} as const;

/** GET /api/me's `certificate`: the one due to the applicant, or null while none is. */
export interface CertificateSummary {
  kind: CertificateKind;
  /** The written form, `XXXX-XXXX-XXXX`. */
  code: string;
}

/** GET /api/public/certificates/:code: what anyone holding the code may learn, and nothing more of the person. */
export interface CertificateVerification {
  kind: CertificateKind;
  cohortName: string;
  /** The holder's name reduced to its first character: `王*`. */
  holderInitial: string;
  /** `YYYY-MM-DD`, China time: the day it became due (the mentor's first acceptance, the student's completion). */
  issuedOn: string;
}
