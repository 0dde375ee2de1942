import { ANONYMISED_NAME_SUFFIX, ApplicantRole, SurveyQuestion } from '@app/contracts';
import { EntityManager } from 'typeorm';

/**
 * Whose personal data one anonymisation removes: every application of a cohort (retention, a purge), or one person's
 * (an erase). The rest of the cohort's rows stay as they are, so every count, figure and report stays the same.
 */
export type AnonymiseScope =
  | { kind: 'cohort'; cohortId: number }
  | { kind: 'person'; cohortId: number; role: ApplicantRole; applicationId: number };

/** What stands in for a removed name: its first character (`王*`), as a certificate's verification shows a holder. */
const INITIAL = (column: string) => `CONCAT(LEFT(${column}, 1), '${ANONYMISED_NAME_SUFFIX}')`;
/** Unique per row, as the schema's unique keys need, and undeliverable (RFC 2606). */
const NO_ADDRESS = (prefix: string) => `CONCAT('${prefix}-', id, '@anonymised.invalid')`;
const REMOVED_SUBJECT = '（个人信息已删除）';
/** Goals must keep a text (the schema's check) and stay counted; what they said goes. */
const REMOVED_GOAL = '—';

const likeAny = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * Removes the scope's personal data (DESIGN §10) in the caller's transaction: names become an initial; emails,
 * phones, student numbers, statements, bios, review notes, decline and end notes, history reasons, check-in notes,
 * meeting summaries, goals' words, free-text survey answers and applicants' own edit history are removed; the
 * emails about them lose their addresses and bodies (one still pending is dropped as failed, its link owner cleared so
 * a retry can mint no link); their tokens are deleted, and ApplicantTokensService refuses any for an anonymised
 * application. Set-based statements over the scope, each one a no-op the second time: a run that died is rolled back
 * whole and the next run does it all, and a run over done work changes nothing. Returns the applications anonymised now.
 */
export async function anonymise(manager: EntityManager, scope: AnonymiseScope): Promise<number> {
  const q = (sql: string, parameters: unknown[] = []) => manager.query(sql, parameters);
  const ids = await applicationIds(manager, scope);
  const matchIds = scope.kind === 'cohort'
    ? await column(manager, 'SELECT id FROM matches WHERE cohort_id = ?', [scope.cohortId])
    : await column(manager, `SELECT id FROM matches WHERE ${scope.role}_id = ?`, [scope.applicationId]);

  // Emails first, while the names and addresses they are found by are still there.
  const redact = `UPDATE notifications SET last_error = IF(status = 'pending', 'personal data removed', NULL), status = IF(status = 'pending', 'failed', status),
    recipient_email = ${NO_ADDRESS('notification')}, recipient_name = ${INITIAL('recipient_name')}, subject = ?, body_text = '', body_html = '',
    link_role = NULL, link_application_id = NULL`;
  if (scope.kind === 'cohort') {
    await q(`${redact} WHERE cohort_id = ? AND body_text <> ''`, [REMOVED_SUBJECT, scope.cohortId]);
    await q('DELETE FROM link_requests WHERE cohort_id = ?', [scope.cohortId]);
  } else {
    const [person] = (await q(`SELECT name, email FROM ${scope.role}_applications WHERE id = ? AND anonymised_at IS NULL`, [scope.applicationId])) as Array<{ name: string; email: string }>;
    if (person) {
      // Their own emails, and others' that name them or carry their address (a partner's confirmation, an ending).
      const byName = [...person.name].length >= 2 ? ' OR body_text LIKE ?' : '';
      await q(`${redact} WHERE cohort_id = ? AND body_text <> '' AND ((link_role = ? AND link_application_id = ?) OR recipient_email = ? OR body_text LIKE ?${byName})`,
        [REMOVED_SUBJECT, scope.cohortId, scope.role, scope.applicationId, person.email, likeAny(person.email), ...(byName ? [likeAny(person.name)] : [])]);
      await q('DELETE FROM link_requests WHERE cohort_id = ? AND email = ?', [scope.cohortId, person.email]);
    }
  }

  if (matchIds.length > 0) {
    await q('UPDATE matches SET note = NULL, end_note = NULL WHERE id IN (?)', [matchIds]);
    await q('UPDATE match_events SET reason = NULL WHERE match_id IN (?)', [matchIds]);
    await q('UPDATE pair_meetings SET summary = NULL WHERE match_id IN (?)', [matchIds]);
    await q('UPDATE pair_goals SET text = ? WHERE match_id IN (?)', [REMOVED_GOAL, matchIds]);
  }
  for (const role of ['mentor', 'student'] as const) {
    if (ids[role].length === 0) continue;
    if (matchIds.length > 0) {
      const own = [matchIds, role, ids[role]];
      await q('UPDATE check_ins SET note = NULL WHERE match_id IN (?) AND role = ? AND application_id IN (?)', own);
      await q('DELETE t FROM check_in_tokens t JOIN check_ins c ON c.id = t.check_in_id WHERE c.match_id IN (?) AND c.role = ? AND c.application_id IN (?)', own);
    }
    await q('DELETE FROM applicant_tokens WHERE role = ? AND application_id IN (?)', [role, ids[role]]);
    await q('DELETE FROM application_edits WHERE role = ? AND application_id IN (?)', [role, ids[role]]);
    await removeTextAnswers(manager, scope.cohortId, role, ids[role]);
  }

  let anonymised = 0;
  if (ids.mentor.length > 0) {
    anonymised += affected(await q(`UPDATE mentor_applications SET name = ${INITIAL('name')}, email = ${NO_ADDRESS('mentor')}, phone = NULL, bio = '', review_note = NULL,
      anonymised_at = NOW(3) WHERE id IN (?) AND anonymised_at IS NULL`, [ids.mentor]));
  }
  if (ids.student.length > 0) {
    anonymised += affected(await q(`UPDATE student_applications SET name = ${INITIAL('name')}, email = ${NO_ADDRESS('student')}, student_number = CONCAT('anonymised-', id),
      statement = '', review_note = NULL, anonymised_at = NOW(3) WHERE id IN (?) AND anonymised_at IS NULL`, [ids.student]));
  }
  return anonymised;
}

async function applicationIds(manager: EntityManager, scope: AnonymiseScope): Promise<Record<ApplicantRole, number[]>> {
  if (scope.kind === 'person') return { mentor: [], student: [], [scope.role]: [scope.applicationId] } as Record<ApplicantRole, number[]>;
  return {
    mentor: await column(manager, 'SELECT id FROM mentor_applications WHERE cohort_id = ?', [scope.cohortId]),
    student: await column(manager, 'SELECT id FROM student_applications WHERE cohort_id = ?', [scope.cohortId]),
  };
}

/** Answers to `text` questions go; ratings, NPS and choices stay, so the survey's figures do not move. */
async function removeTextAnswers(manager: EntityManager, cohortId: number, role: ApplicantRole, ids: number[]): Promise<void> {
  const surveys = (await manager.query('SELECT id, questions FROM surveys WHERE cohort_id = ?', [cohortId])) as Array<{ id: number; questions: SurveyQuestion[] | string }>;
  for (const survey of surveys) {
    const questions = typeof survey.questions === 'string' ? (JSON.parse(survey.questions) as SurveyQuestion[]) : survey.questions;
    const paths = questions.filter((question) => question.kind === 'text').map((question) => `$.${JSON.stringify(question.id)}`);
    const answers = paths.length ? `answers = JSON_REMOVE(answers, ${paths.map(() => '?').join(', ')}), ` : '';
    await manager.query(`UPDATE survey_responses SET ${answers}share_name = FALSE WHERE survey_id = ? AND role = ? AND application_id IN (?)`, [...paths, survey.id, role, ids]);
  }
}

async function column(manager: EntityManager, sql: string, parameters: unknown[]): Promise<number[]> {
  return ((await manager.query(sql, parameters)) as Array<{ id: number }>).map((row) => Number(row.id));
}

const affected = (result: unknown): number => Number((result as { affectedRows?: number }).affectedRows ?? 0);
