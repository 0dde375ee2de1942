import { ApplicantHistoryEntry, ApplicantRole, ApplicationStatus, PAIR_STATUSES, PairStatus } from '@app/contracts';
import { EntityManager } from 'typeorm';

interface HistoryRow {
  email: string;
  cohortId: number;
  cohortName: string;
  role: ApplicantRole;
  applicationId: number;
  status: ApplicationStatus;
  partnerName: string | null;
  pairStatus: PairStatus | null;
}

// One branch per role: each joins its own side of `matches` by an indexed column (an OR across the two would not).
const branch = (role: ApplicantRole) => {
  const [own, other, ownKey, otherKey] = role === 'mentor'
    ? ['mentor_applications', 'student_applications', 'mentor_id', 'student_id']
    : ['student_applications', 'mentor_applications', 'student_id', 'mentor_id'];
  return `SELECT a.email, a.cohort_id AS cohortId, '${role}' AS role, a.id AS applicationId, a.status,
      partner.name AS partnerName, m.status AS pairStatus
    FROM ${own} a
    LEFT JOIN matches m ON m.${ownKey} = a.id AND m.status IN (?)
    LEFT JOIN ${other} partner ON partner.id = m.${otherKey}
    WHERE a.email IN (?) AND a.cohort_id < ?`;
};

/**
 * Each person's applications in cohorts before `cohortId` (either role), by normalised email, with the pairs they had
 * there: one statement for any number of people, oldest cohort first.
 */
export async function historyByEmail(manager: EntityManager, cohortId: number, emails: string[]): Promise<Map<string, ApplicantHistoryEntry[]>> {
  const history = new Map<string, ApplicantHistoryEntry[]>();
  const wanted = [...new Set(emails)];
  if (wanted.length === 0) return history;
  const pairs = [...PAIR_STATUSES];
  const rows: HistoryRow[] = await manager.query(
    `SELECT h.*, c.name AS cohortName FROM (${branch('mentor')} UNION ALL ${branch('student')}) h
      JOIN cohorts c ON c.id = h.cohortId
      ORDER BY h.cohortId, h.role, h.applicationId, h.partnerName`,
    [pairs, wanted, cohortId, pairs, wanted, cohortId],
  );
  for (const row of rows) {
    const entry: ApplicantHistoryEntry = { cohortId: Number(row.cohortId), cohortName: row.cohortName, role: row.role, status: row.status };
    if (row.partnerName !== null && row.pairStatus !== null) Object.assign(entry, { pairedWith: { name: row.partnerName }, pairStatus: row.pairStatus });
    history.set(row.email, [...(history.get(row.email) ?? []), entry]);
  }
  return history;
}
