import { AnnouncementAudience, AnnouncementAudienceCount, AnnouncementCreated, AnnouncementInput, AnnouncementView, ApplicantRole, NotificationStatus } from '@app/contracts';
import { Announcement } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { announcementFanOutJob } from '../messaging/jobs';
import { OutboxService } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';
import { AnnouncementAudienceService } from './announcement-audience.service';
import { announcementViewOf, EmailCounts, emailCountsOf, NO_EMAILS } from './announcement-view';

/**
 * Recipients one fan-out transaction records the emails of: large enough that 5,000 take ten transactions, small
 * enough that one holds the announcement's lock (and renders its emails) for well under a second.
 */
export const FAN_OUT_CHUNK = 500;
/** Recipient rows one insert of the POST writes. */
const RECIPIENTS_INSERT = 1000;

/** The recipients of one chunk, with what their email needs. */
const CHUNK_SQL = `
SELECT r.role, r.application_id AS id, COALESCE(t.name, s.name) AS name, COALESCE(t.email, s.email) AS email
FROM announcement_recipients r
LEFT JOIN mentor_applications t ON r.role = 'mentor' AND t.id = r.application_id
LEFT JOIN student_applications s ON r.role = 'student' AND s.id = r.application_id
WHERE r.announcement_id = ? AND r.position > ?
ORDER BY r.position
LIMIT ?`;

/**
 * A cohort's announcements (DESIGN §9). Confirming one fixes its recipients (the audience then) and queues one
 * fan-out job; the job records their emails a chunk per transaction, each email sent by the notifications queue as
 * every other; the list counts them by status.
 */
@Injectable()
export class AnnouncementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
    private readonly audiences: AnnouncementAudienceService,
    private readonly notify: NotificationPolicy,
  ) {}

  /** How many the announcement would reach if confirmed now. */
  async count(cohortId: number, audience: AnnouncementAudience): Promise<AnnouncementAudienceCount> {
    await this.cohorts.get(cohortId);
    const people = await this.audiences.of(this.dataSource.manager, cohortId, audience);
    const of = (role: ApplicantRole) => people.filter((person) => person.role === role).length;
    return { audience, recipients: people.length, mentors: of('mentor'), students: of('student') };
  }

  /** Records the announcement with its recipients and queues the fan-out; an audience of nobody is refused (409). */
  async create(cohortId: number, input: AnnouncementInput, createdBy: string): Promise<AnnouncementCreated> {
    return this.outbox.transaction(async (tx) => {
      await this.cohorts.get(cohortId, tx.manager);
      const people = await this.audiences.of(tx.manager, cohortId, input.audience);
      if (people.length === 0) throw new ConflictError(`Nobody of cohort ${cohortId} is in the audience "${input.audience}"`, 'no_recipients');
      const announcement = await tx.manager.save(tx.manager.create(Announcement, {
        cohortId, audience: input.audience, recipients: people.length, createdBy,
        subjectZh: input.subject.zh, subjectEn: input.subject.en || null, bodyZh: input.body.zh, bodyEn: input.body.en || null,
      }));
      // SQL text: the query builder's multi-row insert names and copies a parameter per value, which took most of the
      // POST's time at 5,000 recipients (bench:announcements); mysql2 expands `VALUES ?` itself.
      for (let start = 0; start < people.length; start += RECIPIENTS_INSERT) {
        await tx.manager.query('INSERT INTO announcement_recipients (announcement_id, position, role, application_id) VALUES ?', [
          people.slice(start, start + RECIPIENTS_INSERT).map((person, index) => [announcement.id, start + index + 1, person.role, person.applicationId]),
        ]);
      }
      tx.emit(announcementFanOutJob(announcement.id));
      return { id: announcement.id, recipients: people.length };
    });
  }

  async list(cohortId: number): Promise<AnnouncementView<Date>[]> {
    await this.cohorts.get(cohortId);
    const announcements = await this.dataSource.manager.find(Announcement, { where: { cohortId }, order: { id: 'DESC' } });
    const counts = await this.emailCounts(announcements.map((announcement) => announcement.id));
    return announcements.map((announcement) => announcementViewOf(announcement, counts.get(announcement.id) ?? NO_EMAILS));
  }

  /**
   * The fan-out job: records the emails of the recipients not yet recorded, a chunk per transaction, each advancing
   * `fannedOut` with its emails (whose send jobs the outbox hands over after each commit). A run after a crash, or
   * beside a duplicate of itself, goes on from the last chunk committed (the row lock orders them); an email recorded
   * twice would still be one (its dedupe key). Returns how many this run recorded.
   */
  async fanOut(announcementId: number): Promise<number> {
    let recorded = 0;
    for (;;) {
      const chunk = await this.outbox.transaction(async (tx) => {
        const announcement = await tx.manager.findOne(Announcement, { where: { id: announcementId }, lock: { mode: 'pessimistic_write' } });
        if (!announcement) throw new NotFoundError(`Announcement ${announcementId} not found`);
        if (announcement.fanOut === 'recorded' || announcement.fanOut === 'failed') return 0;
        announcement.startedAt ??= new Date();
        const people = await tx.manager.query<Array<{ role: ApplicantRole; id: number; name: string; email: string }>>(
          CHUNK_SQL, [announcementId, announcement.fannedOut, FAN_OUT_CHUNK]);
        const cohort = await this.cohorts.get(announcement.cohortId, tx.manager);
        await this.notify.announced(tx, cohort, {
          id: announcement.id,
          subject: { zh: announcement.subjectZh, en: announcement.subjectEn },
          body: { zh: announcement.bodyZh, en: announcement.bodyEn },
        }, people.map((person) => ({ ...person, id: Number(person.id) })));
        announcement.fannedOut += people.length;
        if (announcement.fannedOut >= announcement.recipients) {
          announcement.fanOut = 'recorded';
          announcement.recordedAt = new Date();
        } else {
          announcement.fanOut = 'sending';
        }
        await tx.manager.save(announcement);
        return people.length;
      });
      recorded += chunk;
      if (chunk === 0) return recorded;
    }
  }

  /** After the fan-out's last attempt failed: marked failed with its error (the emails it recorded still go out). */
  async markFailed(announcementId: number, error: string): Promise<void> {
    await this.dataSource.manager.update(Announcement, { id: announcementId, fanOut: In(['queued', 'sending']) }, { fanOut: 'failed', error: error.slice(0, 5000) });
  }

  /**
   * The reconcile's part: an announcement queued or sending needs its fan-out job in Redis; one Redis lost is added
   * again under its own id and goes on from the last chunk recorded. One Redis holds as failed while the announcement
   * is still queued or sending failed for good without the worker recording it (it died in between): recorded now.
   */
  async recoverLostJobs(): Promise<{ restored: number; failed: number }> {
    const open = await this.dataSource.manager.find(Announcement, { select: { id: true }, where: { fanOut: In(['queued', 'sending']) }, order: { id: 'ASC' } });
    const { restored, failed } = await this.outbox.restoreLost(open.map((announcement) => announcementFanOutJob(announcement.id)));
    for (const { job, failedReason } of failed) await this.markFailed((job.payload as { announcementId: number }).announcementId, failedReason);
    return { restored: restored.length, failed: failed.length };
  }

  /** Counted from the index on notifications (announcement_id, status, sent_at): no notification row is read. */
  private async emailCounts(announcementIds: number[]): Promise<Map<number, EmailCounts>> {
    if (announcementIds.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: number; status: NotificationStatus; n: number | string; lastSentAt: Date | null }>>(
      `SELECT announcement_id AS id, status, COUNT(*) AS n, MAX(sent_at) AS lastSentAt FROM notifications
       WHERE announcement_id IN (?) GROUP BY announcement_id, status`, [announcementIds]);
    return new Map(announcementIds.map((id) => [id, emailCountsOf(rows.filter((row) => Number(row.id) === id).map((row) => ({ ...row, n: Number(row.n) })))]));
  }
}
