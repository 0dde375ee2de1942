import { Cohort, MentorApplication, StudentApplication } from '@app/database';
import { CohortsService, ConflictError, MentorApplicationsService, StudentApplicationsService } from '@app/domain';
import { useDomainHarness } from './support/domain-harness';
import { closedCohort, mentorInput, openCohort, studentInput } from './support/factories';

/** DESIGN §3: applications are accepted only while open and, when `applicationDeadline` is set, before it. */
describe('a cohort\'s application deadline and reopening', () => {
  const harness = useDomainHarness('cohort_deadline');
  const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

  it('accepts applications before the deadline and refuses both kinds after it, writing nothing', async () => {
    const h = harness();
    const cohort = await openCohort(h, { applicationDeadline: minutesFromNow(60) });
    await expect(h.get(MentorApplicationsService).submit(cohort.id, mentorInput())).resolves.toMatchObject({ status: 'submitted' });

    await h.get(CohortsService).update(cohort.id, { applicationDeadline: minutesFromNow(-1) });
    const refused = await h.get(StudentApplicationsService).submit(cohort.id, studentInput()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ code: 'cohort_not_open' });
    await expect(h.get(MentorApplicationsService).submit(cohort.id, mentorInput({ email: 'second.mentor@alumni.example.cn' })))
      .rejects.toMatchObject({ code: 'cohort_not_open' });
    expect(await h.dataSource.manager.countBy(StudentApplication, { cohortId: cohort.id })).toBe(0);
    expect(await h.dataSource.manager.countBy(MentorApplication, { cohortId: cohort.id })).toBe(1);

    // Moving the deadline later (or clearing it) lets applications in again.
    await h.get(CohortsService).update(cohort.id, { applicationDeadline: null });
    await expect(h.get(StudentApplicationsService).submit(cohort.id, studentInput())).resolves.toMatchObject({ status: 'submitted' });
  });

  it('stores the deadline to the millisecond and the programme dates as China calendar dates', async () => {
    const h = harness();
    const deadline = new Date('2027-03-01T15:59:00.000Z');
    const cohort = await openCohort(h, { applicationDeadline: deadline, programStartsOn: '2027-03-15', programEndsOn: '2027-12-31', checkInEveryDays: 14 });
    const stored = await h.dataSource.manager.findOneByOrFail(Cohort, { id: cohort.id });
    expect(stored).toMatchObject({ applicationDeadline: deadline, programStartsOn: '2027-03-15', programEndsOn: '2027-12-31', checkInEveryDays: 14 });
    expect((await h.get(CohortsService).detail(cohort.id)).checkInEveryDays).toBe(14);
  });

  it('reopens a closed cohort, which takes applications again', async () => {
    const h = harness();
    const cohort = await closedCohort(h);
    await expect(h.get(StudentApplicationsService).submit(cohort.id, studentInput())).rejects.toMatchObject({ code: 'cohort_not_open' });
    await expect(h.get(CohortsService).transition(cohort.id, 'reopen')).resolves.toMatchObject({ status: 'open' });
    await expect(h.get(StudentApplicationsService).submit(cohort.id, studentInput())).resolves.toMatchObject({ status: 'submitted' });
  });
});
