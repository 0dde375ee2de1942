import { Match, Notification } from '@app/database';
import { ApplicationReviewService, MatchesService, RoundRunnerService } from '@app/domain';
import { In, Like } from 'typeorm';
import { DomainHarness, useDomainHarness } from './support/domain-harness';
import { approvedMentor, approvedStudent, completedRound, openCohort, proposal, rowCounts, submittedMentor, submittedStudent } from './support/factories';

/** DESIGN §9: every promised email is recorded once, and a mentor gets one proposal email per round. */
const harness = useDomainHarness('communications');

const emailsOf = (h: DomainHarness, cohortId: number, type: Notification['type']) =>
  h.dataSource.manager.find(Notification, { where: { cohortId, type }, order: { id: 'ASC' } });

/** One mentor of three places whom four students chose (and nobody else, no score-filling): three placed, one not. */
async function crowdedMentor(h: DomainHarness) {
  const cohort = await openCohort(h, { fillWithScores: false, responseWindowHours: 72 });
  const mentor = await approvedMentor(h, cohort, { capacity: 3 });
  const students = [];
  for (let index = 0; index < 4; index += 1) {
    students.push(await approvedStudent(h, cohort, { choices: [mentor.id], statement: `自我陈述 ${index}：希望了解互联网行业。` }));
  }
  const round = await completedRound(h, cohort);
  const matches = await h.dataSource.manager.find(Match, { where: { roundId: round.id }, order: { id: 'ASC' } });
  const placed = new Set(matches.map((match) => match.studentId));
  return { cohort, mentor, students, round, matches, unplaced: students.filter((student) => !placed.has(student.id)) };
}

describe('a round', () => {
  it('records one proposal email to the mentor naming all three students, one to each student, and one to the student left out', async () => {
    const h = harness();
    const { cohort, mentor, students, round, matches, unplaced } = await crowdedMentor(h);
    expect(matches).toHaveLength(3);
    expect(unplaced).toHaveLength(1);

    const toMentor = await emailsOf(h, cohort.id, 'proposal_to_mentor');
    expect(toMentor).toEqual([expect.objectContaining({
      recipientEmail: mentor.email, linkRole: 'mentor', linkApplicationId: mentor.id, dedupeKey: `proposal_to_mentor:round:${round.id}:mentor:${mentor.id}`,
    })]);
    for (const match of matches) {
      const student = students.find((candidate) => candidate.id === match.studentId)!;
      expect(toMentor[0].bodyText).toContain(student.statement);
      expect(toMentor[0].bodyText).not.toContain(student.email);
    }
    expect(toMentor[0].bodyText).not.toContain(unplaced[0].statement);
    expect(toMentor[0].subject).toContain('为您推荐了 3 位生友');

    const toStudents = await emailsOf(h, cohort.id, 'proposal_made');
    expect(toStudents.map(({ recipientEmail, linkRole, linkApplicationId, dedupeKey }) => ({ recipientEmail, linkRole, linkApplicationId, dedupeKey })))
      .toEqual(matches.map((match) => {
        const student = students.find((candidate) => candidate.id === match.studentId)!;
        return { recipientEmail: student.email, linkRole: 'student', linkApplicationId: student.id, dedupeKey: `proposal_made:match:${match.id}` };
      }));
    for (const email of toStudents) expect(email.bodyText).toContain(`为您推荐了师友${mentor.name}`);

    const notPlaced = await emailsOf(h, cohort.id, 'student_unplaced');
    expect(notPlaced).toEqual([expect.objectContaining({
      recipientEmail: unplaced[0].email, linkRole: 'student', linkApplicationId: unplaced[0].id, dedupeKey: `student_unplaced:round:${round.id}:student:${unplaced[0].id}`,
    })]);
    expect(notPlaced[0].bodyText).toContain('原因：您名单上每位师友的名额，都已由与其更契合的其他生友获得。');
    expect(notPlaced[0].bodyText).toContain('您仍在匹配池中');
  });

  it('gives every proposal the end of the China day its window runs out on as deadline', async () => {
    const h = harness();
    const { cohort, matches } = await crowdedMentor(h);
    for (const match of matches) {
      const windowEnd = match.createdAt.getTime() + cohort.responseWindowHours * 3600_000;
      expect(match.respondBy.toISOString()).toMatch(/T15:59:59\.999Z$/);
      expect(match.respondBy.getTime() - windowEnd).toBeGreaterThanOrEqual(0);
      expect(match.respondBy.getTime() - windowEnd).toBeLessThan(24 * 3600_000);
    }
    const [email] = await emailsOf(h, cohort.id, 'proposal_to_mentor');
    expect(email.bodyText).toMatch(/请在 \d{4}\/\d{2}\/\d{2} 23:59（北京时间）前/);
  });

  it('records nothing new when its job runs again', async () => {
    const h = harness();
    const { round } = await crowdedMentor(h);
    const counts = await rowCounts(h.dataSource);
    await h.get(RoundRunnerService).run(round.id);
    expect(await rowCounts(h.dataSource)).toEqual(counts);
  });

  it('sends no email to anyone but the coordinators when it is a dry run', async () => {
    const h = harness();
    const cohort = await openCohort(h, { fillWithScores: false });
    const mentor = await approvedMentor(h, cohort, { capacity: 1 });
    for (let index = 0; index < 2; index += 1) await approvedStudent(h, cohort, { choices: [mentor.id] });
    await completedRound(h, cohort, { dryRun: true });
    for (const type of ['proposal_to_mentor', 'proposal_made', 'student_unplaced'] as const) expect(await emailsOf(h, cohort.id, type)).toEqual([]);
  });
});

describe('the reminder', () => {
  it("is one email listing the mentor's proposals of the round still open, whichever proposal's job runs first", async () => {
    const h = harness();
    const { cohort, mentor, students, round, matches } = await crowdedMentor(h);
    await h.get(MatchesService).decline(mentor.id, matches[0].id, 'not_a_fit', null);

    for (const match of matches) await h.get(MatchesService).remind(match.id);

    const reminders = await emailsOf(h, cohort.id, 'proposal_reminder');
    expect(reminders).toEqual([expect.objectContaining({ recipientEmail: mentor.email, dedupeKey: `proposal_reminder:round:${round.id}:mentor:${mentor.id}` })]);
    expect(reminders[0].bodyText).toContain('推荐给您的 2 位生友还在等待您的回复');
    const statementOf = (match: Match) => students.find((student) => student.id === match.studentId)!.statement;
    expect(reminders[0].bodyText).not.toContain(statementOf(matches[0]));
    for (const match of matches.slice(1)) expect(reminders[0].bodyText).toContain(statementOf(match));
  });

  it('names the three open proposals in one email, and a second run of the jobs records nothing', async () => {
    const h = harness();
    const { cohort, students, matches } = await crowdedMentor(h);
    await h.get(MatchesService).remind(matches[1].id);
    const [reminder] = await emailsOf(h, cohort.id, 'proposal_reminder');
    for (const match of matches) expect(reminder.bodyText).toContain(students.find((student) => student.id === match.studentId)!.statement);

    const counts = await rowCounts(h.dataSource);
    for (const match of matches) await h.get(MatchesService).remind(match.id);
    expect(await rowCounts(h.dataSource)).toEqual(counts);
  });
});

describe('proposals by hand', () => {
  it('give the mentor one email per proposal and each student theirs', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await approvedMentor(h, cohort, { capacity: 2 });
    const [first, second] = [await approvedStudent(h, cohort), await approvedStudent(h, cohort)];
    const matches = [await proposal(h, cohort, first, mentor), await proposal(h, cohort, second, mentor)];

    const toMentor = await emailsOf(h, cohort.id, 'proposal_to_mentor');
    expect(toMentor.map((row) => row.dedupeKey)).toEqual(matches.map((match) => `proposal_to_mentor:match:${match.id}`));
    expect(toMentor[0].bodyText).toContain(first.statement);
    expect(toMentor[1].bodyText).toContain(second.statement);
    expect(toMentor[1].bodyText).not.toContain(first.statement);
    expect((await emailsOf(h, cohort.id, 'proposal_made')).map((row) => row.recipientEmail)).toEqual([first.email, second.email]);

    await h.get(MatchesService).remind(matches[0].id);
    const reminders = await emailsOf(h, cohort.id, 'proposal_reminder');
    expect(reminders.map((row) => row.dedupeKey)).toEqual([`proposal_reminder:match:${matches[0].id}`]);
    expect(reminders[0].bodyText).not.toContain(second.statement);
  });
});

describe('review', () => {
  it('records the decision email once per application whose status changed, and nothing when reviewed again', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const [approved, rejected] = [await submittedMentor(h, cohort), await submittedMentor(h, cohort)];
    const review = h.get(ApplicationReviewService);
    await review.review('mentor', cohort.id, { ids: [approved.id], decision: 'approved', note: '欢迎' });
    await review.review('mentor', cohort.id, { ids: [rejected.id], decision: 'rejected', note: '本期行业方向已满' });

    const decisions = await h.dataSource.manager.find(Notification, { where: { cohortId: cohort.id, type: In(['application_approved', 'application_rejected']) }, order: { id: 'ASC' } });
    expect(decisions.map(({ type, recipientEmail, linkRole, linkApplicationId, dedupeKey }) => ({ type, recipientEmail, linkRole, linkApplicationId, dedupeKey }))).toEqual([
      { type: 'application_approved', recipientEmail: approved.email, linkRole: 'mentor', linkApplicationId: approved.id, dedupeKey: `application_approved:mentor:${approved.id}` },
      { type: 'application_rejected', recipientEmail: rejected.email, linkRole: 'mentor', linkApplicationId: rejected.id, dedupeKey: `application_rejected:mentor:${rejected.id}` },
    ]);
    expect(decisions[1].bodyText).toContain('协调员的说明：本期行业方向已满');

    const counts = await rowCounts(h.dataSource);
    await review.review('mentor', cohort.id, { ids: [approved.id], decision: 'approved' });
    await review.review('mentor', cohort.id, { ids: [rejected.id], decision: 'rejected', note: '再次确认' });
    expect((await rowCounts(h.dataSource)).notifications).toBe(counts.notifications);
    expect((await rowCounts(h.dataSource)).outbox).toBe(counts.outbox);
  });

  it('emails, in a batch, only the applications the decision changed', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const already = await approvedStudent(h, cohort);
    const fresh = await submittedStudent(h, cohort);
    await h.get(ApplicationReviewService).review('student', cohort.id, { ids: [already.id, fresh.id], decision: 'approved' });
    const approvals = await h.dataSource.manager.find(Notification, { where: { cohortId: cohort.id, dedupeKey: Like('application_approved:student:%') }, order: { id: 'ASC' } });
    expect(approvals.map((row) => row.recipientEmail)).toEqual([already.email, fresh.email]);
    expect(await h.dataSource.manager.countBy(Notification, { dedupeKey: `application_approved:student:${already.id}` })).toBe(1);
  });
});
