import { Match } from '@app/database';
import { CheckInsService, CohortsService } from '@app/domain';
import { useDomainHarness } from './support/domain-harness';
import { movePairBack, openCohort, pairIn } from './support/factories';

const DAY = 86_400_000;

/** Changing a cohort's check-in interval or programme end moves every accepted pair's next check-in (DESIGN §7). */
describe('rescheduling check-ins when the cohort settings change', () => {
  const harness = useDomainHarness('check_ins_reschedule');

  const matchRow = (id: number) => harness().dataSource.manager.findOneByOrFail(Match, { id });

  it('a new interval counts from acceptance, from the period after the last check-in sent', async () => {
    const h = harness();
    const cohort = await openCohort(h, { checkInEveryDays: 7 });
    const pair = await pairIn(h, cohort);
    await movePairBack(h, pair.match.id, 7);
    expect(await h.get(CheckInsService).sendDue(pair.match.id, 1)).toBe(2);
    const { acceptedAt } = await matchRow(pair.match.id);

    await h.get(CohortsService).update(cohort.id, { checkInEveryDays: 14 });

    expect(await matchRow(pair.match.id)).toMatchObject({ nextCheckInPeriod: 2, nextCheckInAt: new Date(acceptedAt!.getTime() + 2 * 14 * DAY) });
  });

  it('turning check-ins on schedules pairs that had none, and turning them off clears every next check-in', async () => {
    const h = harness();
    const cohort = await openCohort(h, { checkInEveryDays: 0 });
    const pair = await pairIn(h, cohort);
    expect(await matchRow(pair.match.id)).toMatchObject({ nextCheckInPeriod: null, nextCheckInAt: null });

    await h.get(CohortsService).update(cohort.id, { checkInEveryDays: 30 });
    const scheduled = await matchRow(pair.match.id);
    expect(scheduled).toMatchObject({ nextCheckInPeriod: 1, nextCheckInAt: new Date(scheduled.acceptedAt!.getTime() + 30 * DAY) });

    await h.get(CohortsService).update(cohort.id, { checkInEveryDays: 0 });
    expect(await matchRow(pair.match.id)).toMatchObject({ nextCheckInPeriod: null, nextCheckInAt: null });
  });

  it('a programme end moved before the next check-in leaves none due, and other cohorts untouched', async () => {
    const h = harness();
    const cohort = await openCohort(h, { checkInEveryDays: 30 });
    const other = await openCohort(h, { checkInEveryDays: 30 });
    const [pair, elsewhere] = [await pairIn(h, cohort), await pairIn(h, other)];
    const before = await matchRow(elsewhere.match.id);
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + DAY));

    await h.get(CohortsService).update(cohort.id, { programEndsOn: tomorrow });

    expect(await matchRow(pair.match.id)).toMatchObject({ nextCheckInPeriod: null, nextCheckInAt: null });
    expect(await matchRow(elsewhere.match.id)).toMatchObject({ nextCheckInPeriod: before.nextCheckInPeriod, nextCheckInAt: before.nextCheckInAt });
  });
});
