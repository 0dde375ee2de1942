import { ApplicantToken, Cohort, Notification, OutboxMessage, StudentApplication, StudentChoice } from '@app/database';
import { ConflictError, InvalidError, StudentApplicationsService } from '@app/domain';
import { hashToken } from '@app/domain/identity/tokens';
import { DomainHarness, useDomainHarness } from './support/domain-harness';
import {
  approvedMentor, closedCohort, draftCohort, openCohort, rowCounts, studentInput, submittedMentor, submittedStudent,
} from './support/factories';

describe('StudentApplicationsService.submit', () => {
  const harness = useDomainHarness('student_submit');
  const submit = (h: DomainHarness, cohort: Cohort, input: ReturnType<typeof studentInput>) => h.get(StudentApplicationsService).submit(cohort.id, input);

  /** A refused submission must leave no row anywhere: no application, choice, token, notification or job. */
  async function expectNothingWritten(h: DomainHarness, attempt: () => Promise<unknown>): Promise<unknown> {
    const before = await rowCounts(h.dataSource);
    const error = await attempt().then(() => null, (caught: unknown) => caught);
    expect(await rowCounts(h.dataSource)).toEqual(before);
    return error;
  }

  it('stores the application, its ranked choices, a token hash, one receipt and the receipt\'s send job', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentors = [await approvedMentor(h, cohort), await approvedMentor(h, cohort)];
    const before = await rowCounts(h.dataSource);

    const submitted = await submit(h, cohort, studentInput({ email: '  Li.Hua@Stu.Example.EDU.cn ', choices: [mentors[1].id, mentors[0].id] }));

    const { manager } = h.dataSource;
    expect(submitted).toEqual({ id: expect.any(Number), status: 'submitted', accessToken: expect.stringMatching(/^s_/) });
    expect(await manager.findOneByOrFail(StudentApplication, { id: submitted.id }))
      .toEqual(expect.objectContaining({ cohortId: cohort.id, status: 'submitted', email: 'li.hua@stu.example.edu.cn' }));
    const choices = await manager.find(StudentChoice, { where: { studentId: submitted.id }, order: { rank: 'ASC' } });
    expect(choices.map(({ rank, mentorId, cohortId }) => ({ rank, mentorId, cohortId }))).toEqual([
      { rank: 1, mentorId: mentors[1].id, cohortId: cohort.id },
      { rank: 2, mentorId: mentors[0].id, cohortId: cohort.id },
    ]);
    // Only the hash of the token is kept, and it is the hash of the token handed back.
    expect(await manager.findBy(ApplicantToken, { applicationId: submitted.id, role: 'student' }))
      .toEqual([expect.objectContaining({ tokenHash: hashToken(submitted.accessToken) })]);

    const notifications = await manager.findBy(Notification, { linkRole: 'student', linkApplicationId: submitted.id });
    expect(notifications).toEqual([expect.objectContaining({
      type: 'application_received', cohortId: cohort.id, recipientEmail: 'li.hua@stu.example.edu.cn', status: 'pending',
      dedupeKey: `application_received:student:${submitted.id}`,
    })]);
    expect(notifications[0].bodyText).not.toContain(submitted.accessToken);
    expect(await manager.findBy(OutboxMessage, { jobId: `notification-${notifications[0].id}` })).toEqual([
      expect.objectContaining({ queue: 'notifications', jobName: 'send', payload: { notificationId: notifications[0].id } }),
    ]);

    // Exactly these rows and no others: one application, two choices, one token, one receipt, one job.
    expect(await rowCounts(h.dataSource)).toEqual({
      ...before,
      student_applications: before.student_applications + 1,
      student_choices: before.student_choices + 2,
      applicant_tokens: before.applicant_tokens + 1,
      notifications: before.notifications + 1,
      outbox: before.outbox + 1,
    });
  });

  it('writes nothing when its last step, recording the receipt, fails: the application, choices and token roll back', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await approvedMentor(h, cohort);
    const input = studentInput({ choices: [mentor.id] });
    // A fault in the database itself, limited to this one recipient, so the service runs unchanged up to its last write.
    await h.dataSource.query(
      `CREATE TRIGGER fail_one_receipt BEFORE INSERT ON notifications FOR EACH ROW
       IF NEW.recipient_email = ? THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected receipt failure'; END IF`,
      [input.email],
    );
    try {
      const error = await expectNothingWritten(h, () => submit(h, cohort, input));
      expect((error as Error).message).toContain('injected receipt failure');
    } finally {
      await h.dataSource.query('DROP TRIGGER IF EXISTS fail_one_receipt');
    }
  });

  it.each([
    ['closed', closedCohort],
    ['draft', draftCohort],
  ])('refuses a %s cohort with ConflictError cohort_not_open and writes nothing', async (_status, makeCohort) => {
    const h = harness();
    const cohort = await makeCohort(h);

    const error = await expectNothingWritten(h, () => submit(h, cohort, studentInput()));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('cohort_not_open');
  });

  it('refuses a second application with the same email, however it is cased, and writes nothing', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const first = await submittedStudent(h, cohort);

    const error = await expectNothingWritten(h, () => submit(h, cohort, studentInput({ email: ` ${first.email.toUpperCase()} ` })));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toMatch(/^email: /);
  });

  it('refuses a second application with the same student number, naming that field', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const first = await submittedStudent(h, cohort);

    const error = await expectNothingWritten(h, () => submit(h, cohort, studentInput({ studentNumber: first.studentNumber })));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toMatch(/^studentNumber: /);
  });

  it('accepts the same email in another cohort', async () => {
    const h = harness();
    const [first, second] = [await openCohort(h), await openCohort(h)];
    const student = await submittedStudent(h, first);
    await expect(submit(h, second, studentInput({ email: student.email }))).resolves.toEqual(expect.objectContaining({ status: 'submitted' }));
  });

  it('refuses repeated choices with InvalidError choices/unique and writes nothing', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await approvedMentor(h, cohort);

    const error = await expectNothingWritten(h, () => submit(h, cohort, studentInput({ choices: [mentor.id, mentor.id] })));
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).fieldErrors).toEqual([{ field: 'choices', rule: 'unique' }]);
  });

  it('refuses a choice of a mentor not yet approved, naming its position', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const approved = await approvedMentor(h, cohort);
    const pending = await submittedMentor(h, cohort);

    const error = await expectNothingWritten(h, () => submit(h, cohort, studentInput({ choices: [approved.id, pending.id] })));
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).fieldErrors).toEqual([{ field: 'choices.1', rule: 'notApproved' }]);
  });
});
