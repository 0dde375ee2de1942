import { dueCertificates, DueMatch } from './certificate-due';

const cohort = { id: 7, completedAt: new Date('2027-01-15T16:30:00Z') };
const at = (iso: string) => new Date(iso);

function match(mentorId: number, studentId: number, status: DueMatch['status'], acceptedAt: string | null): DueMatch {
  return { mentorId, studentId, status, acceptedAt: acceptedAt ? at(acceptedAt) : null, updatedAt: at('2027-01-20T00:00:00Z') };
}

describe('dueCertificates (DESIGN §8)', () => {
  it('owes a mentor a 聘书 from the first accepted match, whatever became of the pair, dated that China day', () => {
    const due = dueCertificates(cohort, [
      match(1, 10, 'ended', '2026-10-02T09:00:00Z'),
      // 23:30 UTC is the next morning in China: the earlier acceptance in time is the later day's first.
      match(1, 11, 'accepted', '2026-09-30T23:30:00Z'),
      match(2, 12, 'completed', '2026-10-05T01:00:00Z'),
    ]);
    expect(due.filter((item) => item.role === 'mentor')).toEqual([
      { kind: 'mentor_appointment', role: 'mentor', applicationId: 1, cohortId: 7, dueOn: '2026-10-01' },
      { kind: 'mentor_appointment', role: 'mentor', applicationId: 2, cohortId: 7, dueOn: '2026-10-05' },
    ]);
  });

  it('owes a student a 结业证书 only once the match is completed, dated the China day of the completion', () => {
    const due = dueCertificates(cohort, [
      match(1, 10, 'completed', '2026-10-02T09:00:00Z'),
      match(1, 11, 'accepted', '2026-10-02T09:00:00Z'),
      match(2, 12, 'ended', '2026-10-02T09:00:00Z'),
    ]);
    expect(due.filter((item) => item.role === 'student')).toEqual([
      { kind: 'student_completion', role: 'student', applicationId: 10, cohortId: 7, dueOn: '2027-01-16' },
    ]);
  });

  it('owes nothing for proposals, declines, expiries or cancelled matches', () => {
    expect(dueCertificates(cohort, [
      match(1, 10, 'proposed', null),
      match(2, 11, 'declined', null),
      match(3, 12, 'expired', null),
      match(4, 13, 'cancelled', '2026-10-02T09:00:00Z'),
    ])).toEqual([]);
  });

  it('dates a completed match by its own last change when the cohort carries no completion time', () => {
    const [student] = dueCertificates({ id: 7, completedAt: null }, [match(1, 10, 'completed', '2026-10-02T09:00:00Z')])
      .filter((item) => item.role === 'student');
    expect(student.dueOn).toBe('2027-01-20');
  });
});
