import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const MATCH_STATUS = "ENUM('proposed','accepted','declined','expired','cancelled')";

export class RoundsAndMatches1764400000000 implements MigrationInterface {
  name = 'RoundsAndMatches1764400000000';

  async up(db: QueryRunner): Promise<void> {
    // active_cohort_id is set only while a round is queued or running: its unique index allows one per cohort.
    await db.query(`CREATE TABLE rounds (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cohort_id INT UNSIGNED NOT NULL,
      number INT UNSIGNED NOT NULL,
      status ENUM('queued','running','completed','failed') NOT NULL DEFAULT 'queued',
      dry_run BOOLEAN NOT NULL DEFAULT FALSE,
      seed INT UNSIGNED NOT NULL,
      stats JSON NULL,
      error TEXT NULL,
      requested_by VARCHAR(200) NULL,
      started_at DATETIME(3) NULL,
      finished_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      active_cohort_id INT UNSIGNED AS (IF(status IN ('queued','running'), cohort_id, NULL)) STORED,
      PRIMARY KEY (id),
      UNIQUE KEY uq_round_number (cohort_id, number),
      UNIQUE KEY uq_round_active (active_cohort_id),
      CONSTRAINT fk_round_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE round_instances (
      round_id INT UNSIGNED NOT NULL,
      instance LONGTEXT NOT NULL,
      PRIMARY KEY (round_id),
      CONSTRAINT fk_instance_round FOREIGN KEY (round_id) REFERENCES rounds (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE round_assignments (
      round_id INT UNSIGNED NOT NULL,
      student_id INT UNSIGNED NOT NULL,
      mentor_id INT UNSIGNED NULL,
      choice_rank TINYINT UNSIGNED NULL,
      explanation JSON NOT NULL,
      PRIMARY KEY (round_id, student_id),
      CONSTRAINT fk_assignment_round FOREIGN KEY (round_id) REFERENCES rounds (id) ON DELETE CASCADE,
      CONSTRAINT fk_assignment_student FOREIGN KEY (student_id) REFERENCES student_applications (id),
      CONSTRAINT fk_assignment_mentor FOREIGN KEY (mentor_id) REFERENCES mentor_applications (id)
    ) ${TABLE_OPTIONS}`);

    // active_student_id: a student has at most one proposed-or-accepted match, enforced by the schema.
    await db.query(`CREATE TABLE matches (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cohort_id INT UNSIGNED NOT NULL,
      round_id INT UNSIGNED NULL,
      student_id INT UNSIGNED NOT NULL,
      mentor_id INT UNSIGNED NOT NULL,
      status ${MATCH_STATUS} NOT NULL DEFAULT 'proposed',
      choice_rank TINYINT UNSIGNED NULL,
      respond_by DATETIME(3) NOT NULL,
      decline_reason ENUM('no_capacity','not_a_fit','unavailable','other') NULL,
      note VARCHAR(1000) NULL,
      responded_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      active_student_id INT UNSIGNED AS (IF(status IN ('proposed','accepted'), student_id, NULL)) STORED,
      PRIMARY KEY (id),
      UNIQUE KEY uq_match_active_student (active_student_id),
      UNIQUE KEY uq_match_round_student (round_id, student_id),
      KEY idx_match_cohort_status (cohort_id, status),
      KEY idx_match_mentor_status (mentor_id, status),
      KEY idx_match_student (student_id),
      CONSTRAINT fk_match_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id),
      CONSTRAINT fk_match_round FOREIGN KEY (round_id) REFERENCES rounds (id),
      CONSTRAINT fk_match_student FOREIGN KEY (cohort_id, student_id) REFERENCES student_applications (cohort_id, id),
      CONSTRAINT fk_match_mentor FOREIGN KEY (cohort_id, mentor_id) REFERENCES mentor_applications (cohort_id, id)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE match_events (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      match_id INT UNSIGNED NOT NULL,
      from_status ${MATCH_STATUS} NULL,
      to_status ${MATCH_STATUS} NOT NULL,
      actor_role ENUM('system','coordinator','mentor','student') NOT NULL,
      actor_id INT UNSIGNED NULL,
      reason VARCHAR(1000) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      KEY idx_event_match (match_id, id),
      CONSTRAINT fk_event_match FOREIGN KEY (match_id) REFERENCES matches (id)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE notifications (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cohort_id INT UNSIGNED NULL,
      type VARCHAR(40) NOT NULL,
      recipient_email VARCHAR(254) NOT NULL,
      recipient_name VARCHAR(100) NOT NULL,
      subject VARCHAR(300) NOT NULL,
      body_text MEDIUMTEXT NOT NULL,
      body_html MEDIUMTEXT NOT NULL,
      status ENUM('pending','sent','failed') NOT NULL DEFAULT 'pending',
      attempts INT UNSIGNED NOT NULL DEFAULT 0,
      last_error TEXT NULL,
      link_role ENUM('mentor','student') NULL,
      link_application_id INT UNSIGNED NULL,
      dedupe_key VARCHAR(191) NOT NULL,
      sent_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_notification_dedupe (dedupe_key),
      KEY idx_notification_status (status, id),
      KEY idx_notification_cohort (cohort_id, status)
    ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['notifications', 'match_events', 'matches', 'round_assignments', 'round_instances', 'rounds']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
