import { programFigures } from './program-figures';

describe('programFigures', () => {
  const cohort = (id: number, name: string) => ({ id, name, status: 'archived' as const, programStartsOn: null, programEndsOn: null });

  it('gives each cohort its row, zeros where it had no pair or meeting, and counts people once in the totals', () => {
    const report = programFigures({
      cohorts: [cohort(1, '第1期'), cohort(2, '第2期'), cohort(3, '第3期')],
      pairs: [{ cohortId: 1, mentors: 2, students: 3, pairs: 3, completed: 2 }, { cohortId: 2, mentors: 2, students: 2, pairs: 2, completed: 0 }],
      meetings: [{ cohortId: 1, meetings: 4, minutes: 250 }, { cohortId: 2, meetings: 1, minutes: 45 }],
      distinct: { mentors: 3, students: 4 },
    });
    expect(report.cohorts.map(({ cohortId, mentors, students, pairs, completed, meetings, hours }) => ({ cohortId, mentors, students, pairs, completed, meetings, hours }))).toEqual([
      { cohortId: 1, mentors: 2, students: 3, pairs: 3, completed: 2, meetings: 4, hours: 4.2 },
      { cohortId: 2, mentors: 2, students: 2, pairs: 2, completed: 0, meetings: 1, hours: 0.8 },
      { cohortId: 3, mentors: 0, students: 0, pairs: 0, completed: 0, meetings: 0, hours: 0 },
    ]);
    expect(report.totals).toEqual({ cohorts: 3, mentors: 3, students: 4, pairs: 5, completed: 2, meetings: 5, hours: 4.9 });
  });

  it('takes the total hours from the summed minutes, not from the rounded rows', () => {
    const report = programFigures({
      cohorts: [cohort(1, 'a'), cohort(2, 'b')],
      pairs: [],
      meetings: [{ cohortId: 1, meetings: 1, minutes: 2 }, { cohortId: 2, meetings: 1, minutes: 2 }],
      distinct: { mentors: 0, students: 0 },
    });
    expect(report.cohorts.map((row) => row.hours)).toEqual([0, 0]);
    expect(report.totals.hours).toBe(0.1);
  });

  it('is empty without cohorts', () => {
    expect(programFigures({ cohorts: [], pairs: [], meetings: [], distinct: { mentors: 0, students: 0 } }).totals)
      .toEqual({ cohorts: 0, mentors: 0, students: 0, pairs: 0, completed: 0, meetings: 0, hours: 0 });
  });
});
