import { loadConfig } from '@app/config';
import { Cohort, dataSourceOptions, MentorApplication, StudentApplication } from '@app/database';
import { CohortsService, MatchesService, NotificationPolicy, NotificationsService, OutboxService, QueueName, SYSTEM } from '@app/domain';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { sampleMentor, sampleStudent } from './support/factories';
import { createTestDatabase, serviceUrls, TestDatabase } from './support/system';

/**
 * The ids of rows a multi-row INSERT created, against a real MariaDB whose auto-increment values are not consecutive
 * within one statement. auto_increment_increment = 2 (per session, so nothing else on the server is touched) gives
 * 1, 3, 5…: the same gaps innodb_autoinc_lock_mode = 2 leaves when another writer's rows land between ours, or a
 * multi-primary cluster's auto_increment_increment does. Arithmetic from the first id then names the wrong rows;
 * reading the ids back by each table's unique key names the right ones.
 */

/** A BullMQ queue that only records what it was handed. */
class RecordingQueue {
  readonly added: Array<{ name: string; data: Record<string, number>; opts: { jobId: string } }> = [];

  async addBulk(jobs: RecordingQueue['added']): Promise<void> {
    this.added.push(...jobs);
  }
}

describe('ids of bulk-inserted rows with non-consecutive auto-increment values (real MariaDB, no apps)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let queues: Record<QueueName, RecordingQueue>;
  let outbox: OutboxService;
  let notifications: NotificationsService;
  let matches: MatchesService;

  beforeAll(async () => {
    database = await createTestDatabase('recovery_ids');
    // One connection, so the session setting holds for every statement the services run.
    dataSource = new DataSource(dataSourceOptions(database.url, { extra: { connectionLimit: 1, decimalNumbers: true } }));
    await dataSource.initialize();
    await dataSource.query('SET SESSION auto_increment_increment = 2');
    queues = { matching: new RecordingQueue(), offers: new RecordingQueue(), notifications: new RecordingQueue(), outbox: new RecordingQueue(), pairs: new RecordingQueue(), surveys: new RecordingQueue(), announcements: new RecordingQueue() };
    outbox = new OutboxService(dataSource, queues as unknown as Record<QueueName, Queue>);
    notifications = new NotificationsService(dataSource, outbox);
    const config = loadConfig({ DATABASE_URL: database.url, REDIS_URL: serviceUrls().redisUrl });
    const cohorts = new CohortsService(dataSource, config);
    matches = new MatchesService(dataSource, outbox, cohorts, new NotificationPolicy(notifications, config), config);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => {
    for (const queue of Object.values(queues)) queue.added.length = 0;
  });

  it('the outbox marks exactly the rows it handed over', async () => {
    await outbox.transaction(async (tx) => tx.emit({ queue: 'matching', name: 'run-round', payload: { roundId: 100 }, jobId: 'round-100' }));
    await outbox.transaction(async (tx) => {
      tx.emit(...[101, 102, 103, 104].map((roundId) => ({ queue: 'matching' as const, name: 'run-round' as const, payload: { roundId }, jobId: `round-${roundId}` })));
    });
    expect(queues.matching.added.map((job) => job.opts.jobId)).toEqual(['round-100', 'round-101', 'round-102', 'round-103', 'round-104']);
    const rows: Array<{ id: string; job_id: string; dispatched_at: Date | null }> = await dataSource.query('SELECT id, job_id, dispatched_at FROM outbox ORDER BY id');
    expect(rows.map((row) => Number(row.id))).toEqual([1, 3, 5, 7, 9]);
    expect(rows.filter((row) => row.dispatched_at === null)).toEqual([]);
  });

  it('each recorded notification gets the send job of its own id', async () => {
    await outbox.transaction(async (tx) => {
      await notifications.record(tx, ...['a', 'b', 'c'].map((name, index) => ({
        type: 'application_received' as const, cohortId: 1, cohortName: '第1期', role: 'student' as const, applicationId: index + 1,
        recipient: { email: `${name}@ids.example.com`, name },
      })));
    });
    const stored: Array<{ id: number; recipient_email: string }> = await dataSource.query("SELECT id, recipient_email FROM notifications WHERE type = 'application_received' ORDER BY id");
    expect(stored).toHaveLength(3);
    expect(stored[1].id - stored[0].id).toBe(2);
    expect(queues.notifications.added.map((job) => job.data.notificationId).sort((x, y) => x - y)).toEqual(stored.map((row) => row.id));
  });

  it('each proposal gets its own id, and its expiry and email name it', async () => {
    const cohortRow = await dataSource.getRepository(Cohort).save({ name: '第1期 师友计划（编号测试）', status: 'open' });
    const cohort = await dataSource.getRepository(Cohort).findOneByOrFail({ id: cohortRow.id });
    const mentorRepository = dataSource.getRepository(MentorApplication);
    const studentRepository = dataSource.getRepository(StudentApplication);
    const mentors: MentorApplication[] = [];
    for (const index of [0, 1, 2]) mentors.push(await mentorRepository.save({ ...sampleMentor(index, 3), cohortId: cohort.id, status: 'approved' as const, capacity: 2 }));
    const students: StudentApplication[] = [];
    for (const index of [0, 1, 2]) {
      const { choices: _choices, ...student } = sampleStudent(index, [], 3);
      students.push(await studentRepository.save({ ...student, cohortId: cohort.id, status: 'approved' as const }));
    }

    const proposed = await outbox.transaction((tx) => matches.propose(tx, students.map((student, index) => ({
      cohort, roundId: null, student, mentor: mentors[index], choiceRank: null,
    })), SYSTEM));

    const stored: Array<{ id: number; student_id: number; mentor_id: number }> = await dataSource.query(
      'SELECT id, student_id, mentor_id FROM matches WHERE cohort_id = ? ORDER BY id', [cohort.id]);
    expect(stored[1].id - stored[0].id).toBe(2);
    expect(proposed.map((match) => [match.id, match.studentId, match.mentorId])).toEqual(stored.map((row) => [row.id, row.student_id, row.mentor_id]));
    expect(queues.offers.added.filter((job) => job.name === 'expire-proposal').map((job) => job.data.matchId)).toEqual(stored.map((row) => row.id));
    const events: Array<{ match_id: number }> = await dataSource.query('SELECT match_id FROM match_events ORDER BY match_id');
    expect(events.map((event) => event.match_id)).toEqual(stored.map((row) => row.id));
    const emails: Array<{ dedupe_key: string }> = await dataSource.query(
      "SELECT dedupe_key FROM notifications WHERE cohort_id = ? AND type = 'proposal_to_mentor' ORDER BY id", [cohort.id]);
    expect(emails).toHaveLength(3);
    for (const [index, email] of emails.entries()) expect(email.dedupe_key).toContain(String(stored[index].id));
  });
});
