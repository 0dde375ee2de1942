import { Cohort, StudentApplication } from '@app/database';
import { EntityManager } from 'typeorm';
import { InvalidError } from '../errors/domain-errors';

export const CHOICES_REPEAT_MESSAGE = 'choices must not repeat a mentor';

/**
 * A student's ranked choices: distinct mentors, at most the cohort's `maxChoices`, each an approved mentor
 * of the same cohort. The schema enforces the first and the last as well.
 */
export async function assertValidChoices(manager: EntityManager, cohort: Cohort, choices: number[]): Promise<void> {
  if (new Set(choices).size !== choices.length) throw new InvalidError([CHOICES_REPEAT_MESSAGE], [{ field: 'choices', rule: 'unique' }]);
  if (choices.length > cohort.maxChoices) {
    throw new InvalidError([`choices may list at most ${cohort.maxChoices} mentors in this cohort`], [{ field: 'choices', rule: 'maxItems', limit: cohort.maxChoices }]);
  }
  if (choices.length === 0) return;
  // Raw SQL: once per submission, where building the query cost more than running it (bench:submissions).
  const approved: Array<{ id: number }> = await manager.query(
    "SELECT id FROM mentor_applications WHERE cohort_id = ? AND status = 'approved' AND id IN (?)", [cohort.id, choices],
  );
  const approvedIds = new Set(approved.map((mentor) => mentor.id));
  const invalid = choices.map((id, index) => ({ id, index })).filter(({ id }) => !approvedIds.has(id));
  if (invalid.length > 0) {
    throw new InvalidError(
      [`choices must be approved mentors of this cohort (not: ${invalid.map(({ id }) => id).join(', ')})`],
      invalid.map(({ index }) => ({ field: `choices.${index}`, rule: 'notApproved' })),
    );
  }
}

export async function writeChoices(manager: EntityManager, student: Pick<StudentApplication, 'id' | 'cohortId'>, choices: number[]): Promise<void> {
  if (choices.length === 0) return;
  await manager.query(
    'INSERT INTO student_choices (student_id, cohort_id, mentor_id, `rank`) VALUES ?',
    [choices.map((mentorId, index) => [student.id, student.cohortId, mentorId, index + 1])],
  );
}
