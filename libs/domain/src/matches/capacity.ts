import { ACTIVE_MATCH_STATUSES } from '@app/contracts';
import { Match, MentorApplication } from '@app/database';
import { EntityManager, In } from 'typeorm';
import { ConflictError } from '../errors/domain-errors';

/**
 * The capacity rule: a mentor's place is taken by each of their proposed or accepted matches, and a mentor
 * takes no more than `capacity` students. The directory, the round pool, manual proposals, acceptance and a
 * mentor's own change of capacity all count through here.
 */

/** Places taken per mentor, from the mentor ids of active matches; a mentor without any is absent from the map. */
export function countPlaces(activeMatches: Array<Pick<Match, 'mentorId'>>): Map<number, number> {
  const taken = new Map<number, number>();
  for (const { mentorId } of activeMatches) taken.set(mentorId, (taken.get(mentorId) ?? 0) + 1);
  return taken;
}

/** Places taken per mentor of a cohort (or of the given mentors only). */
export async function placesTaken(manager: EntityManager, cohortId: number, mentorIds?: number[]): Promise<Map<number, number>> {
  if (mentorIds && mentorIds.length === 0) return new Map();
  const active = await manager.find(Match, {
    select: { mentorId: true },
    where: { cohortId, status: In([...ACTIVE_MATCH_STATUSES]), ...(mentorIds && { mentorId: In(mentorIds) }) },
  });
  return countPlaces(active);
}

export function remainingPlaces(mentor: Pick<MentorApplication, 'id' | 'capacity'>, taken: Map<number, number>): number {
  return Math.max(0, mentor.capacity - (taken.get(mentor.id) ?? 0));
}

/** Before a new proposal to the mentor (whose row the caller has locked). */
export async function assertPlaceForProposal(manager: EntityManager, mentor: MentorApplication): Promise<void> {
  const taken = await placesTaken(manager, mentor.cohortId, [mentor.id]);
  if (remainingPlaces(mentor, taken) === 0) throw new ConflictError(`mentorId: mentor ${mentor.id} has no remaining capacity`, 'mentor_full');
}

/**
 * Before an acceptance (mentor row locked): the proposal being accepted already holds a place, so what must
 * stay within capacity is the number of accepted students.
 */
export async function assertPlaceForAcceptance(manager: EntityManager, mentor: MentorApplication): Promise<void> {
  const accepted = await manager.count(Match, { where: { mentorId: mentor.id, status: 'accepted' } });
  if (accepted >= mentor.capacity) throw new ConflictError(`Your capacity of ${mentor.capacity} students is already filled`, 'capacity_filled');
}

/**
 * Before a mentor changes their own capacity (row locked, before any plain read of the transaction, so the places
 * counted are those committed): never below the places already taken, or a proposal would lose its place.
 */
export async function assertCapacityHoldsPlaces(manager: EntityManager, mentor: MentorApplication, capacity: number): Promise<void> {
  const taken = (await placesTaken(manager, mentor.cohortId, [mentor.id])).get(mentor.id) ?? 0;
  if (capacity < taken) {
    throw new ConflictError(
      `capacity: ${taken} of your places are taken by students proposed to you or accepted by you, so your capacity cannot be lower than ${taken}`,
      'capacity_below_taken',
      [{ field: 'capacity', rule: 'min', limit: taken }],
    );
  }
}
