import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * DESIGN §9's announcements. Who receives one is fixed when the coordinator confirms it: the audience's people then,
 * numbered 1..n in `announcement_recipients`, so the count the POST answers is the count sent, and the worker's
 * fan-out reads them in order from `fanned_out` (how many have their email recorded), which it advances in the same
 * transaction as those emails: a fan-out that crashed goes on from there.
 *
 * Each email is a `notifications` row whose dedupe key is `announcement:<id>:<role>:<application>`
 * (libs/domain/src/notifications/messages.ts). `notifications.announcement_id` is derived from that key, a VIRTUAL
 * column (adding it rewrites no row) with an index, so an announcement's emails are counted by status from the index.
 */
export class Announcements1764920000000 implements MigrationInterface {
  name = 'Announcements1764920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE announcements (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cohort_id INT UNSIGNED NOT NULL,
      subject_zh VARCHAR(200) NOT NULL,
      subject_en VARCHAR(200) NULL,
      body_zh TEXT NOT NULL,
      body_en TEXT NULL,
      audience ENUM('all','mentors','students','matched','unmatched','at_risk') NOT NULL,
      recipients INT UNSIGNED NOT NULL,
      fanned_out INT UNSIGNED NOT NULL DEFAULT 0,
      fan_out ENUM('queued','sending','recorded','failed') NOT NULL DEFAULT 'queued',
      error TEXT NULL,
      created_by VARCHAR(200) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      started_at DATETIME(3) NULL,
      recorded_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      KEY idx_announcement_cohort (cohort_id, id),
      KEY idx_announcement_fan_out (fan_out, id),
      CONSTRAINT chk_announcement_recipients CHECK (recipients > 0 AND fanned_out <= recipients),
      CONSTRAINT chk_announcement_recorded CHECK ((fan_out = 'recorded') = (recorded_at IS NOT NULL) AND (fan_out <> 'recorded' OR fanned_out = recipients)),
      CONSTRAINT chk_announcement_text CHECK (CHAR_LENGTH(subject_zh) >= 1 AND CHAR_LENGTH(body_zh) >= 1),
      CONSTRAINT fk_announcement_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE announcement_recipients (
      announcement_id INT UNSIGNED NOT NULL,
      position INT UNSIGNED NOT NULL,
      role ENUM('mentor','student') NOT NULL,
      application_id INT UNSIGNED NOT NULL,
      PRIMARY KEY (announcement_id, position),
      UNIQUE KEY uq_announcement_recipient (announcement_id, role, application_id),
      CONSTRAINT chk_announcement_position CHECK (position >= 1),
      CONSTRAINT fk_recipient_announcement FOREIGN KEY (announcement_id) REFERENCES announcements (id)
    ) ${TABLE_OPTIONS}`);

    await db.query(`ALTER TABLE notifications ADD COLUMN announcement_id INT UNSIGNED
      AS (IF(type = 'announcement', CAST(SUBSTRING_INDEX(SUBSTRING_INDEX(dedupe_key, ':', 2), ':', -1) AS UNSIGNED), NULL)) VIRTUAL`);
    await db.query('ALTER TABLE notifications ADD KEY idx_notification_announcement (announcement_id, status, sent_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE notifications DROP KEY idx_notification_announcement, DROP COLUMN announcement_id');
    for (const table of ['announcement_recipients', 'announcements']) await db.query(`DROP TABLE ${table}`);
  }
}
