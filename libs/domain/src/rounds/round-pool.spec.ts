import { Cohort, Match, MentorApplication, StudentApplication, StudentChoice } from '@app/database';
import { EntityManager, FindOperator } from 'typeorm';
import { loadRoundPool } from './round-pool';

type Row = Record<string, unknown>;

/** The database boundary: each entity's rows, filtered the way the pool's queries (found or plain SQL) ask for them. */
function fakeManager(tables: Map<unknown, Row[]>): EntityManager {
  const matches = (row: Row, where: Row) => Object.entries(where).every(([key, condition]) => {
    if (condition instanceof FindOperator && condition.type === 'in') return (condition.value as unknown[]).includes(row[key]);
    return row[key] === condition;
  });
  return {
    find: async (entity: unknown, options: { where: Row; order?: Row }) => {
      const rows = (tables.get(entity) ?? []).filter((row) => matches(row, options.where));
      return rows;
    },
    query: async (sql: string, parameters: unknown[]) => {
      // Earlier cohorts' pairs (memory/earlier-pairs.ts, its own spec): none here.
      if (sql.includes('x.cohort_id < ?')) return [];
      if (sql.includes('FROM matches')) {
        const [cohortId, statuses] = parameters as [number, string[]];
        return (tables.get(Match) ?? []).filter((row) => row.cohortId === cohortId && statuses.includes(row.status as string))
          .map(({ studentId, mentorId, status }) => ({ studentId, mentorId, status }));
      }
      expect(sql).toContain('FROM student_choices');
      const [studentIds] = parameters as [number[]];
      return (tables.get(StudentChoice) ?? []).filter((row) => studentIds.includes(row.studentId as number))
        .sort((a, b) => (a.studentId as number) - (b.studentId as number) || (a.rank as number) - (b.rank as number))
        .map((row) => ({ student_id: row.studentId, mentor_id: row.mentorId }));
    },
  } as unknown as EntityManager;
}

describe('loadRoundPool', () => {
  const cohort = { id: 3, maxChoices: 5 } as Cohort;
  const student = (id: number, status = 'approved') => ({ id, cohortId: 3, status });
  const mentor = (id: number, capacity: number, status = 'approved') => ({ id, cohortId: 3, status, capacity });
  const match = (studentId: number, mentorId: number, status: string) => ({ cohortId: 3, studentId, mentorId, status });

  const tables = new Map<unknown, Row[]>([
    [StudentApplication, [student(1), student(2), student(3), student(4), student(5, 'withdrawn')]],
    [MentorApplication, [mentor(10, 2), mentor(11, 1), mentor(12, 3, 'submitted')]],
    [Match, [
      match(1, 10, 'accepted'), match(2, 11, 'proposed'),
      match(3, 10, 'declined'), match(4, 11, 'expired'), match(4, 10, 'cancelled'),
    ]],
    [StudentChoice, [
      { studentId: 3, rank: 2, mentorId: 10 }, { studentId: 3, rank: 1, mentorId: 11 }, { studentId: 1, rank: 1, mentorId: 10 },
    ]],
  ]);

  it('takes approved students with no proposed or accepted match, with their choices in rank order', async () => {
    const pool = await loadRoundPool(fakeManager(tables), cohort);
    expect(pool.students.map((row) => row.id)).toEqual([3, 4]);
    expect(pool.choices).toEqual(new Map([[3, [11, 10]]]));
  });

  it('gives every approved mentor the places left after accepted and pending matches', async () => {
    const pool = await loadRoundPool(fakeManager(tables), cohort);
    expect(pool.mentors.map(({ mentor: row, remaining }) => [row.id, remaining])).toEqual([[10, 1], [11, 0]]);
  });

  it('excludes the pairs a mentor declined or let expire, but not cancelled ones', async () => {
    const pool = await loadRoundPool(fakeManager(tables), cohort);
    expect(pool.excluded).toEqual([
      { studentId: 3, mentorId: 10, reason: 'declined_before' },
      { studentId: 4, mentorId: 11, reason: 'expired_before' },
    ]);
  });
});
