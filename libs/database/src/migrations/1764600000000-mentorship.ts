import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const MATCH_STATUS = "ENUM('proposed','accepted','declined','expired','cancelled','ended','completed')";
const EARLIER_MATCH_STATUS = "ENUM('proposed','accepted','declined','expired','cancelled')";

/**
 * DESIGN §7, the mentorship phase: an accepted match is a pair that can end or complete, keeps its goals, meetings
 * and check-ins, and carries the next check-in it is due (so the sweep is one indexed range read).
 */
export class Mentorship1764600000000 implements MigrationInterface {
  name = 'Mentorship1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE matches
      MODIFY status ${MATCH_STATUS} NOT NULL DEFAULT 'proposed',
      ADD COLUMN accepted_at DATETIME(3) NULL AFTER responded_at,
      ADD COLUMN ended_at DATETIME(3) NULL AFTER accepted_at,
      ADD COLUMN end_reason ENUM('goals_met','no_time','not_a_fit','no_response','other') NULL AFTER ended_at,
      ADD COLUMN end_note VARCHAR(500) NULL AFTER end_reason,
      ADD COLUMN ended_by ENUM('mentor','student','coordinator') NULL AFTER end_note,
      ADD COLUMN next_check_in_period SMALLINT UNSIGNED NULL AFTER ended_by,
      ADD COLUMN next_check_in_at DATETIME(3) NULL AFTER next_check_in_period,
      ADD KEY idx_match_next_check_in (status, next_check_in_at),
      ADD CONSTRAINT chk_match_ended CHECK (status <> 'ended' OR (ended_at IS NOT NULL AND end_reason IS NOT NULL AND ended_by IS NOT NULL))`);
    await db.query(`UPDATE matches SET accepted_at = COALESCE(responded_at, updated_at) WHERE status = 'accepted'`);
    await db.query(`ALTER TABLE matches
      ADD CONSTRAINT chk_match_accepted_at CHECK (status NOT IN ('accepted','ended','completed') OR accepted_at IS NOT NULL)`);
    await db.query(`ALTER TABLE match_events MODIFY from_status ${MATCH_STATUS} NULL, MODIFY to_status ${MATCH_STATUS} NOT NULL`);
    await db.query('ALTER TABLE cohorts ADD COLUMN completed_at DATETIME(3) NULL AFTER check_in_every_days');

    await db.query(`CREATE TABLE pair_goals (
      match_id INT UNSIGNED NOT NULL,
      position TINYINT UNSIGNED NOT NULL,
      text VARCHAR(200) NOT NULL,
      done BOOLEAN NOT NULL DEFAULT FALSE,
      PRIMARY KEY (match_id, position),
      CONSTRAINT chk_goal_position CHECK (position < 10),
      CONSTRAINT chk_goal_text CHECK (CHAR_LENGTH(text) >= 1),
      CONSTRAINT fk_goal_match FOREIGN KEY (match_id) REFERENCES matches (id)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE pair_meetings (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      match_id INT UNSIGNED NOT NULL,
      held_on DATE NOT NULL,
      minutes SMALLINT UNSIGNED NOT NULL,
      mode ENUM('in_person','video','phone','chat') NOT NULL,
      summary VARCHAR(1000) NULL,
      logged_by ENUM('mentor','student') NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      KEY idx_meeting_match (match_id, held_on),
      CONSTRAINT chk_meeting_minutes CHECK (minutes BETWEEN 5 AND 600),
      CONSTRAINT fk_meeting_match FOREIGN KEY (match_id) REFERENCES matches (id)
    ) ${TABLE_OPTIONS}`);

    // One check-in per member and period: the unique key is what makes a repeated schedule job or sweep send nothing new.
    await db.query(`CREATE TABLE check_ins (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      match_id INT UNSIGNED NOT NULL,
      period SMALLINT UNSIGNED NOT NULL,
      role ENUM('mentor','student') NOT NULL,
      application_id INT UNSIGNED NOT NULL,
      sent_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      closes_at DATETIME(3) NOT NULL,
      answer ENUM('on_track','not_yet','need_help') NULL,
      note VARCHAR(500) NULL,
      answered_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_check_in_period_role (match_id, period, role),
      CONSTRAINT chk_check_in_period CHECK (period >= 1),
      CONSTRAINT chk_check_in_answered CHECK ((answer IS NULL) = (answered_at IS NULL)),
      CONSTRAINT fk_check_in_match FOREIGN KEY (match_id) REFERENCES matches (id)
    ) ${TABLE_OPTIONS}`);

    // A token per email sent (as personal links are): only its hash, valid until its check-in closes.
    await db.query(`CREATE TABLE check_in_tokens (
      token_hash CHAR(64) NOT NULL,
      check_in_id INT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (token_hash),
      KEY idx_check_in_token (check_in_id),
      CONSTRAINT fk_token_check_in FOREIGN KEY (check_in_id) REFERENCES check_ins (id)
    ) ${TABLE_OPTIONS}`);

    await db.query(`ALTER TABLE notifications
      ADD COLUMN link_check_in_id INT UNSIGNED NULL AFTER link_application_id,
      ADD CONSTRAINT fk_notification_check_in FOREIGN KEY (link_check_in_id) REFERENCES check_ins (id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE notifications DROP FOREIGN KEY fk_notification_check_in, DROP COLUMN link_check_in_id');
    for (const table of ['check_in_tokens', 'check_ins', 'pair_meetings', 'pair_goals']) await db.query(`DROP TABLE ${table}`);
    await db.query('ALTER TABLE cohorts DROP COLUMN completed_at');
    await db.query("DELETE FROM match_events WHERE to_status IN ('ended','completed') OR from_status IN ('ended','completed')");
    await db.query(`ALTER TABLE match_events MODIFY from_status ${EARLIER_MATCH_STATUS} NULL, MODIFY to_status ${EARLIER_MATCH_STATUS} NOT NULL`);
    await db.query("UPDATE matches SET status = 'cancelled' WHERE status IN ('ended','completed')");
    await db.query(`ALTER TABLE matches
      DROP CONSTRAINT chk_match_accepted_at, DROP CONSTRAINT chk_match_ended, DROP KEY idx_match_next_check_in,
      DROP COLUMN next_check_in_at, DROP COLUMN next_check_in_period, DROP COLUMN ended_by, DROP COLUMN end_note,
      DROP COLUMN end_reason, DROP COLUMN ended_at, DROP COLUMN accepted_at,
      MODIFY status ${EARLIER_MATCH_STATUS} NOT NULL DEFAULT 'proposed'`);
  }
}
