import { ApplicantRole, ApplicationStatus } from '@app/contracts';
import { APPLICATION_ENTITY } from '@app/database';
import { ApplicationReviewService, ConflictError, MatchesService } from '@app/domain';
import { In } from 'typeorm';
import { useDomainHarness } from './support/domain-harness';
import {
  acceptedMatch, approvedMentor, approvedStudent, openCohort, proposal, rowCounts, submittedStudent,
} from './support/factories';

/** The rule: no rejecting an applicant with a live (proposed or accepted) match; the whole batch is refused. */
describe('ApplicationReviewService.review: rejecting an applicant with a live match', () => {
  const harness = useDomainHarness('review');

  /** What review may change, per id: status, note and review time. */
  async function reviewState(role: ApplicantRole, ids: number[]) {
    const rows: Array<{ id: number; status: ApplicationStatus; reviewNote: string | null; reviewedAt: Date | null }> =
      await harness().dataSource.manager.find(APPLICATION_ENTITY[role], {
        select: { id: true, status: true, reviewNote: true, reviewedAt: true },
        where: { id: In(ids) },
        order: { id: 'ASC' },
      });
    return rows.map(({ id, status, reviewNote, reviewedAt }) => ({ id, status, reviewNote, reviewedAt: reviewedAt?.getTime() ?? null }));
  }

  it('refuses to reject a student with a proposed match and leaves every application of the batch unchanged', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await approvedMentor(h, cohort);
    const matched = await approvedStudent(h, cohort);
    const other = await submittedStudent(h, cohort);
    await proposal(h, cohort, matched, mentor);
    const before = await reviewState('student', [matched.id, other.id]);
    const counts = await rowCounts(h.dataSource);

    const review = h.get(ApplicationReviewService).review('student', cohort.id, { ids: [other.id, matched.id], decision: 'rejected', note: '名额已满' });

    await expect(review).rejects.toThrow(ConflictError);
    await expect(review).rejects.toThrow(String(matched.id));
    expect(await reviewState('student', [matched.id, other.id])).toEqual(before);
    expect(before.map((row) => row.status)).toEqual(['approved', 'submitted']);
    expect(await rowCounts(h.dataSource)).toEqual(counts);
  });

  it('refuses to reject a student whose match the mentor accepted', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await approvedMentor(h, cohort);
    const student = await approvedStudent(h, cohort);
    await acceptedMatch(h, cohort, student, mentor);

    await expect(h.get(ApplicationReviewService).review('student', cohort.id, { ids: [student.id], decision: 'rejected' }))
      .rejects.toThrow(ConflictError);
    expect(await reviewState('student', [student.id])).toEqual([expect.objectContaining({ status: 'approved', reviewNote: null })]);
  });

  it('refuses to reject a mentor with a proposed match, leaving the other mentors of the batch approved', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const matchedMentor = await approvedMentor(h, cohort);
    const freeMentor = await approvedMentor(h, cohort);
    await proposal(h, cohort, await approvedStudent(h, cohort), matchedMentor);
    const before = await reviewState('mentor', [matchedMentor.id, freeMentor.id]);

    await expect(h.get(ApplicationReviewService).review('mentor', cohort.id, { ids: [freeMentor.id, matchedMentor.id], decision: 'rejected' }))
      .rejects.toThrow(ConflictError);
    expect(await reviewState('mentor', [matchedMentor.id, freeMentor.id])).toEqual(before);
  });

  it('rejects a student whose match was declined: only a proposed or accepted match is live', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await approvedMentor(h, cohort);
    const student = await approvedStudent(h, cohort);
    const match = await proposal(h, cohort, student, mentor);
    await h.get(MatchesService).decline(mentor.id, match.id, 'not_a_fit', null);

    await expect(h.get(ApplicationReviewService).review('student', cohort.id, { ids: [student.id], decision: 'rejected', note: '不符合条件' }))
      .resolves.toEqual({ updated: 1 });
    expect(await reviewState('student', [student.id])).toEqual([
      { id: student.id, status: 'rejected', reviewNote: '不符合条件', reviewedAt: expect.any(Number) },
    ]);
  });

  it('still approves an applicant with a live match: the rule is about rejection only', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await approvedMentor(h, cohort);
    const student = await approvedStudent(h, cohort);
    await proposal(h, cohort, student, mentor);

    await expect(h.get(ApplicationReviewService).review('mentor', cohort.id, { ids: [mentor.id], decision: 'approved', note: '再次确认' }))
      .resolves.toEqual({ updated: 1 });
    expect(await reviewState('mentor', [mentor.id])).toEqual([expect.objectContaining({ status: 'approved', reviewNote: '再次确认' })]);
  });
});
