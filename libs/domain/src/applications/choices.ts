import { Cohort, MentorApplication, StudentApplication, StudentChoice } from '@app/database';
import { EntityManager, In } from 'typeorm';
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
  const approved = await manager.find(MentorApplication, {
    select: { id: true },
    where: { cohortId: cohort.id, status: 'approved', id: In(choices) },
  });
  const approvedIds = new Set(approved.map((mentor) => mentor.id));
  const invalid = choices.map((id, index) => ({ id, index })).filter(({ id }) => !approvedIds.has(id));
  if (invalid.length > 0) {
    throw new InvalidError(
      [`choices must be approved mentors of this cohort (not: ${invalid.map(({ id }) => id).join(', ')})`],
      invalid.map(({ index }) => ({ field: `choices.${index}`, rule: 'notApproved' })),
    );
  }
}

export async function writeChoices(manager: EntityManager, student: StudentApplication, choices: number[]): Promise<void> {
  if (choices.length === 0) return;
  await manager.insert(
    StudentChoice,
    choices.map((mentorId, index) => ({ studentId: student.id, cohortId: student.cohortId, mentorId, rank: index + 1 })),
  );
}
