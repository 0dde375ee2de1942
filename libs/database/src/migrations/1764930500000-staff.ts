import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * DESIGN §10's staff accounts. The coordinators become staff: each existing coordinator saw every cohort, so each
 * becomes an admin, and its token becomes its first personal API token (it keeps working); a revoked coordinator
 * becomes a disabled staff member with that token revoked. Sign-in links and sessions are stored only as hashes.
 * A notification may carry a sign-in link, minted at send time as personal links are (`link_staff_id`).
 */
export class Staff1764930500000 implements MigrationInterface {
  name = 'Staff1764930500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('RENAME TABLE coordinators TO staff');
    await db.query(`ALTER TABLE staff
      ADD role ENUM('admin','coordinator') NOT NULL DEFAULT 'coordinator' AFTER email,
      ADD disabled_at DATETIME(3) NULL AFTER role`);
    await db.query("UPDATE staff SET role = 'admin', disabled_at = revoked_at");
    await db.query(`CREATE TABLE staff_tokens (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      staff_id INT UNSIGNED NOT NULL,
      label VARCHAR(100) NOT NULL,
      token_hash CHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      revoked_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_staff_token (token_hash),
      KEY idx_staff_token_staff (staff_id),
      CONSTRAINT fk_staff_token_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);
    await db.query(`INSERT INTO staff_tokens (staff_id, label, token_hash, created_at, revoked_at)
      SELECT id, 'coordinator:create', token_hash, created_at, revoked_at FROM staff`);
    await db.query('ALTER TABLE staff DROP INDEX uq_coordinator_token, DROP COLUMN token_hash, DROP COLUMN revoked_at');
    await db.query('ALTER TABLE staff RENAME INDEX uq_coordinator_email TO uq_staff_email');
    await db.query(`CREATE TABLE staff_cohorts (
      staff_id INT UNSIGNED NOT NULL,
      cohort_id INT UNSIGNED NOT NULL,
      PRIMARY KEY (staff_id, cohort_id),
      KEY idx_staff_cohort_cohort (cohort_id),
      CONSTRAINT fk_staff_cohort_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE,
      CONSTRAINT fk_staff_cohort_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);
    await db.query(`CREATE TABLE staff_sign_in_links (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      staff_id INT UNSIGNED NOT NULL,
      token_hash CHAR(64) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      used_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_sign_in_link (token_hash),
      CONSTRAINT fk_sign_in_link_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);
    await db.query(`CREATE TABLE staff_sessions (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      staff_id INT UNSIGNED NOT NULL,
      token_hash CHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      last_seen_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_staff_session (token_hash),
      CONSTRAINT fk_staff_session_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`);
    await db.query(`ALTER TABLE notifications ADD link_staff_id INT UNSIGNED NULL AFTER link_check_in_id,
      ADD CONSTRAINT fk_notification_link_staff FOREIGN KEY (link_staff_id) REFERENCES staff (id) ON DELETE SET NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE notifications DROP FOREIGN KEY fk_notification_link_staff, DROP COLUMN link_staff_id');
    for (const table of ['staff_sessions', 'staff_sign_in_links', 'staff_cohorts']) await db.query(`DROP TABLE ${table}`);
    await db.query('ALTER TABLE staff ADD token_hash CHAR(64) NULL, ADD revoked_at DATETIME(3) NULL');
    // Each staff member keeps their first token; one without any gets a hash no token has, so none signs in with it.
    await db.query(`UPDATE staff SET revoked_at = disabled_at, token_hash = COALESCE(
      (SELECT token_hash FROM staff_tokens WHERE staff_tokens.staff_id = staff.id ORDER BY staff_tokens.id LIMIT 1),
      SHA2(CONCAT('no token ', staff.id, ' ', RAND()), 256))`);
    await db.query('DROP TABLE staff_tokens');
    await db.query(`ALTER TABLE staff MODIFY token_hash CHAR(64) NOT NULL, ADD UNIQUE KEY uq_coordinator_token (token_hash),
      RENAME INDEX uq_staff_email TO uq_coordinator_email, DROP COLUMN role, DROP COLUMN disabled_at`);
    await db.query('RENAME TABLE staff TO coordinators');
  }
}
