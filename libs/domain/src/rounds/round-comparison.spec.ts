import { compareRounds } from './round-comparison';

const outcome = (studentId: number, mentorId: number | null) => ({
  studentId, studentName: `生友${studentId}`, mentorId, mentorName: mentorId === null ? null : `师友${mentorId}`,
});

describe('compareRounds', () => {
  it('lists the newly matched, those with another mentor and those no longer matched', () => {
    const changes = compareRounds(
      [outcome(1, 10), outcome(2, 11), outcome(3, null), outcome(4, 10), outcome(5, 12)],
      [outcome(1, null), outcome(2, 10), outcome(3, 11), outcome(4, 10)],
    );
    expect(changes.newlyMatched.map((change) => change.studentId)).toEqual([1, 5]);
    expect(changes.changedMentor).toEqual([{ studentId: 2, studentName: '生友2', before: { mentorId: 10, mentorName: '师友10' }, after: { mentorId: 11, mentorName: '师友11' } }]);
    expect(changes.noLongerMatched).toEqual([{ studentId: 3, studentName: '生友3', before: { mentorId: 11, mentorName: '师友11' }, after: null }]);
  });

  it('says nothing of students who left the pool since the previous round', () => {
    const changes = compareRounds([outcome(2, null)], [outcome(1, 10), outcome(2, null)]);
    expect(changes).toEqual({ newlyMatched: [], changedMentor: [], noLongerMatched: [] });
  });
});
