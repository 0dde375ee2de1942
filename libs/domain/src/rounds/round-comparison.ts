import { PlacementChange, RoundPlacement, RoundResults } from '@app/contracts';

type Outcome = Pick<RoundPlacement, 'studentId' | 'studentName' | 'mentorId' | 'mentorName'>;

const placedWith = (outcome: Outcome | undefined) =>
  outcome && outcome.mentorId !== null ? { mentorId: outcome.mentorId, mentorName: outcome.mentorName ?? '' } : null;

/**
 * How a round's placements differ from the previous round's. Only students in this round's pool are compared: one
 * missing from it now holds a proposal or a match (or left), which is no change of this round's doing.
 */
export function compareRounds(current: Outcome[], previous: Outcome[]): RoundResults['changes'] {
  const before = new Map(previous.map((outcome) => [outcome.studentId, outcome]));
  const changes: RoundResults['changes'] = { newlyMatched: [], changedMentor: [], noLongerMatched: [] };
  for (const outcome of current) {
    const change: PlacementChange = {
      studentId: outcome.studentId, studentName: outcome.studentName, before: placedWith(before.get(outcome.studentId)), after: placedWith(outcome),
    };
    if (change.after && !change.before) changes.newlyMatched.push(change);
    else if (!change.after && change.before) changes.noLongerMatched.push(change);
    else if (change.after && change.before && change.after.mentorId !== change.before.mentorId) changes.changedMentor.push(change);
  }
  return changes;
}
