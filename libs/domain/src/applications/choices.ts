import { Cohort, StudentApplication } from '@app/database';
import { EntityManager } from 'typeorm';
import { InvalidError } from '../errors/domain-errors';

export const CHOICES_REPEAT_MESSAGE = 'choices must not repeat a mentor';

/**
 * A student's ranked choices: distinct mentors, at most the cohort's `maxChoices` (checked here, before anything is
 * written), each an approved mentor of the same cohort (checked as they are written, by `writeChoices`). The schema
 * enforces the first and the last as well.
 */
export function assertChoicesFit(cohort: Cohort, choices: number[]): void {
  if (new Set(choices).size !== choices.length) throw new InvalidError([CHOICES_REPEAT_MESSAGE], [{ field: 'choices', rule: 'unique' }]);
  if (choices.length > cohort.maxChoices) {
    throw new InvalidError([`choices may list at most ${cohort.maxChoices} mentors in this cohort`], [{ field: 'choices', rule: 'maxItems', limit: cohort.maxChoices }]);
  }
}

/**
 * Writes the choices, ranked in their order, of the mentors among them that are approved in the student's cohort, in
 * one statement (it runs once per submission: a SELECT to check them first would be a round trip more). Any other
 * mentor throws the 400 naming each such choice, and the caller's transaction writes nothing.
 */
export async function writeChoices(manager: EntityManager, student: Pick<StudentApplication, 'id' | 'cohortId'>, choices: number[]): Promise<void> {
  if (choices.length === 0) return;
  const written: { affectedRows: number } = await manager.query(
    `INSERT INTO student_choices (student_id, cohort_id, mentor_id, \`rank\`)
     SELECT ?, cohort_id, id, FIELD(id, ?) FROM mentor_applications WHERE cohort_id = ? AND status = 'approved' AND id IN (?)`,
    [student.id, choices, student.cohortId, choices],
  );
  if (written.affectedRows === choices.length) return;
  const approved: Array<{ mentorId: number }> = await manager.query('SELECT mentor_id AS mentorId FROM student_choices WHERE student_id = ?', [student.id]);
  const approvedIds = new Set(approved.map((row) => row.mentorId));
  const invalid = choices.map((id, index) => ({ id, index })).filter(({ id }) => !approvedIds.has(id));
  throw new InvalidError(
    [`choices must be approved mentors of this cohort (not: ${invalid.map(({ id }) => id).join(', ')})`],
    invalid.map(({ index }) => ({ field: `choices.${index}`, rule: 'notApproved' })),
  );
}
