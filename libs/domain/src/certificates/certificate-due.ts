import { ApplicantRole, CERTIFICATE_KIND_OF, CertificateKind, PAIR_STATUSES, PairStatus } from '@app/contracts';
import { Cohort, Match } from '@app/database';
import { chinaDateOf } from '../pairs/china-date';

/** A certificate someone is owed, and the China day they became owed it (the day it is dated). */
export interface DueCertificate {
  kind: CertificateKind;
  role: ApplicantRole;
  applicationId: number;
  cohortId: number;
  dueOn: string;
}

export type DueMatch = Pick<Match, 'mentorId' | 'studentId' | 'status' | 'acceptedAt' | 'updatedAt'>;

const PAIRED: ReadonlySet<string> = new Set<PairStatus>(PAIR_STATUSES);

/**
 * The rule of DESIGN §8, from a cohort's matches: a mentor is owed a 校友导师聘书 from their first accepted match
 * (whether that pair is still accepted, ended or completed); a student a 结业证书 once their match is completed,
 * dated the day the cohort was completed. A match that was cancelled (a withdrawal) owes nothing.
 */
export function dueCertificates(cohort: Pick<Cohort, 'id' | 'completedAt'>, matches: readonly DueMatch[]): DueCertificate[] {
  const firstAcceptance = new Map<number, Date>();
  const due: DueCertificate[] = [];
  for (const match of matches) {
    if (!PAIRED.has(match.status) || !match.acceptedAt) continue;
    const earliest = firstAcceptance.get(match.mentorId);
    if (!earliest || match.acceptedAt < earliest) firstAcceptance.set(match.mentorId, match.acceptedAt);
    if (match.status === 'completed') {
      due.push({ ...owed('student', match.studentId, cohort.id), dueOn: chinaDateOf(cohort.completedAt ?? match.updatedAt) });
    }
  }
  const mentors = [...firstAcceptance].map(([mentorId, since]) => ({ ...owed('mentor', mentorId, cohort.id), dueOn: chinaDateOf(since) }));
  return [...mentors, ...due];
}

function owed(role: ApplicantRole, applicationId: number, cohortId: number) {
  return { kind: CERTIFICATE_KIND_OF[role], role, applicationId, cohortId };
}
