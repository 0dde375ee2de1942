import { ApplicationEdit, MentorApplication, StudentApplication } from '@app/database';
import { ApplicationEditsService, CohortsService, ConflictError, MeService, NotFoundError } from '@app/domain';
import { DomainHarness, useDomainHarness } from './support/domain-harness';
import { untilWaitingForLockOn } from './support/locks';
import {
  acceptedMatch, approvedMentor, approvedStudent, identityOf, openCohort, proposal, rowCounts, submittedMentor, submittedStudent,
} from './support/factories';

describe("ApplicationEditsService: applicants' edits of their own details", () => {
  const harness = useDomainHarness('application_edits');
  const edits = (h: DomainHarness) => h.get(ApplicationEditsService);

  /** A refused edit leaves every table as it was: no application changed, no history entry. */
  async function expectRefusedWithNothingWritten(h: DomainHarness, attempt: () => Promise<unknown>, error: Error): Promise<void> {
    const before = await rowCounts(h.dataSource);
    const [mentors, students] = [await h.dataSource.manager.find(MentorApplication), await h.dataSource.manager.find(StudentApplication)];
    await expect(attempt()).rejects.toThrow(error);
    expect(await rowCounts(h.dataSource)).toEqual(before);
    expect(await h.dataSource.manager.find(MentorApplication)).toEqual(mentors);
    expect(await h.dataSource.manager.find(StudentApplication)).toEqual(students);
  }

  it('changes only the fields sent, and keeps one history entry with their values before and after', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await submittedMentor(h, cohort, { name: '林海', city: '深圳', capacity: 3, phone: '138 0000 0000' });
    const before = await rowCounts(h.dataSource);

    const result = await h.get(MeService).editDetails(identityOf('mentor', mentor), { city: '北京', capacity: 2, name: '林海', phone: null });

    expect(result.changes).toEqual([
      { field: 'phone', before: '138 0000 0000', after: null },
      { field: 'city', before: '深圳', after: '北京' },
      { field: 'capacity', before: 3, after: 2 },
    ]);
    expect(result.details).toEqual({
      name: '林海', phone: null, organization: mentor.organization, title: mentor.title, city: '北京', topics: mentor.topics, bio: mentor.bio, capacity: 2,
    });
    const stored = await h.dataSource.manager.findOneByOrFail(MentorApplication, { id: mentor.id });
    expect(stored).toEqual({ ...mentor, city: '北京', capacity: 2, phone: null, updatedAt: expect.any(Date) });
    expect(await h.dataSource.manager.findBy(ApplicationEdit, { applicationId: mentor.id, role: 'mentor' })).toEqual([
      { id: expect.any(Number), cohortId: cohort.id, role: 'mentor', applicationId: mentor.id, changes: result.changes, createdAt: expect.any(Date) },
    ]);
    expect(await rowCounts(h.dataSource)).toEqual({ ...before, application_edits: before.application_edits + 1 });
  });

  it('writes nothing at all when the edit changes nothing', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const student = await submittedStudent(h, cohort);
    const before = await rowCounts(h.dataSource);

    const result = await edits(h).edit(identityOf('student', student), { name: student.name, topics: [...student.topics] });

    expect(result.changes).toEqual([]);
    expect(await h.dataSource.manager.findOneByOrFail(StudentApplication, { id: student.id })).toEqual(student);
    expect(await rowCounts(h.dataSource)).toEqual(before);
  });

  it('lets coordinators read the history oldest first, and only of an application of that cohort and role', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const other = await openCohort(h);
    const student = await submittedStudent(h, cohort, { city: '西安' });
    await edits(h).edit(identityOf('student', student), { city: '上海' });
    await edits(h).edit(identityOf('student', student), { city: '杭州', industries: ['互联网'] });

    const history = await edits(h).history('student', cohort.id, student.id);
    expect(history.map(({ changes }) => changes)).toEqual([
      [{ field: 'city', before: '西安', after: '上海' }],
      [{ field: 'city', before: '上海', after: '杭州' }, { field: 'industries', before: student.industries, after: ['互联网'] }],
    ]);
    expect(history[0].createdAt.getTime()).toBeLessThanOrEqual(history[1].createdAt.getTime());
    await expect(edits(h).history('student', other.id, student.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(edits(h).history('mentor', cohort.id, student.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await edits(h).history('student', cohort.id, (await submittedStudent(h, cohort)).id)).toEqual([]);
  });

  it('refuses a capacity below the places taken (proposed and accepted), and takes one equal to them', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await approvedMentor(h, cohort, { capacity: 3 });
    await acceptedMatch(h, cohort, await approvedStudent(h, cohort), mentor);
    await proposal(h, cohort, await approvedStudent(h, cohort), mentor);

    await expectRefusedWithNothingWritten(
      h,
      () => edits(h).edit(identityOf('mentor', mentor), { capacity: 1, city: '成都' }),
      new ConflictError(
        'capacity: 2 of your places are taken by students proposed to you or accepted by you, so your capacity cannot be lower than 2',
        'capacity_below_taken',
        [{ field: 'capacity', rule: 'min', limit: 2 }],
      ),
    );
    await expect(edits(h).edit(identityOf('mentor', mentor), { capacity: 2 })).resolves.toMatchObject({ changes: [{ field: 'capacity', before: 3, after: 2 }] });
  });

  it('waits for a proposal in flight to the same mentor, then counts its place: a lower capacity cannot slip past it', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await approvedMentor(h, cohort, { capacity: 2 });
    await proposal(h, cohort, await approvedStudent(h, cohort), mentor);
    const second = await approvedStudent(h, cohort);
    // A proposal's transaction as MatchesService.proposeManually runs it: the mentor's row locked, then the match written.
    const proposing = h.dataSource.createQueryRunner();
    await proposing.connect();
    try {
      await proposing.startTransaction();
      await proposing.query('SELECT id FROM mentor_applications WHERE id = ? FOR UPDATE', [mentor.id]);
      const editing = edits(h).edit(identityOf('mentor', mentor), { capacity: 1 });
      // Observed below; without this, a rejection before the wait ends would be reported as unhandled.
      editing.catch(() => undefined);
      await untilWaitingForLockOn(h, 'mentor_applications');
      await proposing.query(
        "INSERT INTO matches (cohort_id, student_id, mentor_id, status, respond_by) VALUES (?, ?, ?, 'proposed', NOW(3) + INTERVAL 3 DAY)",
        [cohort.id, second.id, mentor.id],
      );
      await proposing.commitTransaction();
      await expect(editing).rejects.toMatchObject({ code: 'capacity_below_taken', fieldErrors: [{ field: 'capacity', rule: 'min', limit: 2 }] });
    } finally {
      if (proposing.isTransactionActive) await proposing.rollbackTransaction();
      await proposing.release();
    }
    expect((await h.dataSource.manager.findOneByOrFail(MentorApplication, { id: mentor.id })).capacity).toBe(2);
    expect(await h.dataSource.manager.countBy(ApplicationEdit, { applicationId: mentor.id, role: 'mentor' })).toBe(0);
  });

  it('refuses every edit once the cohort is archived, and once the application is withdrawn', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const student = await submittedStudent(h, cohort);
    const withdrawn = await submittedStudent(h, cohort);
    await h.get(MeService).withdraw(identityOf('student', withdrawn));
    await expectRefusedWithNothingWritten(
      h,
      () => edits(h).edit(identityOf('student', withdrawn), { city: '上海' }),
      new ConflictError('Your application is withdrawn; its details can no longer change', 'already_withdrawn'),
    );

    await h.get(CohortsService).transition(cohort.id, 'close');
    await expect(edits(h).edit(identityOf('student', student), { city: '南京' })).resolves.toMatchObject({ changes: [{ field: 'city', after: '南京' }] });
    await h.get(CohortsService).transition(cohort.id, 'archive');
    await expectRefusedWithNothingWritten(
      h,
      () => edits(h).edit(identityOf('student', student), { city: '上海' }),
      new ConflictError(`Cohort ${cohort.id} is archived and can no longer change`, 'cohort_archived'),
    );
  });

  it('keeps in the schema that an entry names an application of its own cohort, with at least one change', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const other = await openCohort(h);
    const mentor = await submittedMentor(h, cohort);
    const insert = (cohortId: number, role: string, changes: string) => h.dataSource.query(
      'INSERT INTO application_edits (cohort_id, role, application_id, changes) VALUES (?, ?, ?, ?)', [cohortId, role, mentor.id, changes],
    );
    const change = JSON.stringify([{ field: 'city', before: '深圳', after: '北京' }]);
    await expect(insert(other.id, 'mentor', change)).rejects.toThrow(/foreign key constraint fails/);
    await expect(insert(cohort.id, 'student', change)).rejects.toThrow(/foreign key constraint fails/);
    await expect(insert(cohort.id, 'mentor', '[]')).rejects.toThrow(/chk_application_edit_changes/);
    await expect(insert(cohort.id, 'mentor', change)).resolves.toBeDefined();
  });
});
