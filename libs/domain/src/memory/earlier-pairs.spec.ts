import { repeatPairExclusions } from './earlier-pairs';

describe('repeatPairExclusions', () => {
  const students = [{ id: 1, email: 'li@stu.example.cn' }, { id: 2, email: 'wang@stu.example.cn' }];
  const mentors = [{ id: 10, email: 'zhang@alumni.example.cn' }, { id: 11, email: 'chen@alumni.example.cn' }];
  const earlier = [{ studentEmail: 'li@stu.example.cn', mentorEmail: 'zhang@alumni.example.cn' }];

  it('leaves out an earlier pair the student did not choose', () => {
    expect(repeatPairExclusions(students, mentors, new Map(), earlier)).toEqual([{ studentId: 1, mentorId: 10, reason: 'paired_before' }]);
  });

  it('keeps an earlier pair the student chose again', () => {
    expect(repeatPairExclusions(students, mentors, new Map([[1, [11, 10]]]), earlier)).toEqual([]);
  });

  it('leaves the other students and mentors alone', () => {
    const excluded = repeatPairExclusions(students, mentors, new Map([[2, [10]]]), [...earlier, { studentEmail: 'wang@stu.example.cn', mentorEmail: 'chen@alumni.example.cn' }]);
    expect(excluded).toEqual([{ studentId: 1, mentorId: 10, reason: 'paired_before' }, { studentId: 2, mentorId: 11, reason: 'paired_before' }]);
  });

  it('excludes nothing without earlier pairs', () => {
    expect(repeatPairExclusions(students, mentors, new Map(), [])).toEqual([]);
  });
});
