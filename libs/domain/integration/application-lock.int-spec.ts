import { Cohort, StudentApplication } from '@app/database';
import { ApplicantTokensService, CohortsService, StudentApplicationsService } from '@app/domain';
import { useDomainHarness } from './support/domain-harness';
import { openCohort, studentInput } from './support/factories';
import { untilWaitingForLockOn } from './support/locks';

/**
 * Submissions take the cohort row with a shared lock (DESIGN §3): they run side by side, and closing the cohort waits
 * for those in flight. A submission racing a close either lands before it or is refused, never after it.
 */
describe('submissions racing the close of their cohort', () => {
  const harness = useDomainHarness('application_lock');

  it('lets a submission holding the cohort finish, closes after it, and refuses the one that came after the close', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const students = h.get(StudentApplicationsService);
    const tokens = h.get(ApplicantTokensService);
    const mint = tokens.mint.bind(tokens);
    // The first submission stops inside its transaction, the cohort locked and its row written, until released.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let paused!: () => void;
    const isPaused = new Promise<void>((resolve) => (paused = resolve));
    const spy = jest.spyOn(tokens, 'mint').mockImplementationOnce(async (manager, identity) => {
      paused();
      await released;
      return mint(manager, identity);
    });
    try {
      const inFlight = students.submit(cohort.id, studentInput());
      await isPaused;
      // Another submission runs beside the one holding the cohort: the lock is shared.
      await expect(students.submit(cohort.id, studentInput())).resolves.toMatchObject({ status: 'submitted' });

      const closing = h.get(CohortsService).transition(cohort.id, 'close');
      await untilWaitingForLockOn(h, 'cohorts', 'UPDATE%');
      // This one asks for the cohort after the close did: it waits behind the close and then finds the cohort closed.
      const late = students.submit(cohort.id, studentInput()).catch((error: unknown) => error);
      await untilWaitingForLockOn(h, 'cohorts', '%LOCK IN SHARE MODE%');
      // The close waits for the submission in flight: the cohort is still open while that one holds it.
      expect(await h.dataSource.manager.findOneByOrFail(Cohort, { id: cohort.id })).toMatchObject({ status: 'open' });

      release();
      await expect(inFlight).resolves.toMatchObject({ status: 'submitted' });
      await expect(closing).resolves.toMatchObject({ status: 'closed' });
      expect(await late).toMatchObject({ code: 'cohort_not_open' });
      expect(await h.dataSource.manager.countBy(StudentApplication, { cohortId: cohort.id })).toBe(2);
    } finally {
      release();
      spy.mockRestore();
    }
  });
});
