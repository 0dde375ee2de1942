import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §10's personal data. Each application keeps the consent text version it agreed to (NULL: submitted before
 * versions were recorded) and when it was anonymised. A cohort keeps `retain_days` (how long after archiving its
 * personal data is kept), `archived_at` (set by the archive transition; earlier archived cohorts take their last
 * change as the day) and `anonymised_at` (the daily job's and the purge's mark: a cohort done is never read again).
 */
export class PersonalData1765010000000 implements MigrationInterface {
  name = 'PersonalData1765010000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['mentor_applications', 'student_applications']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN consent_version VARCHAR(20) NULL AFTER consent, ADD COLUMN anonymised_at DATETIME(3) NULL`);
    }
    await db.query(`ALTER TABLE cohorts
      ADD COLUMN retain_days SMALLINT UNSIGNED NOT NULL DEFAULT 365,
      ADD COLUMN archived_at DATETIME(3) NULL,
      ADD COLUMN anonymised_at DATETIME(3) NULL,
      ADD CONSTRAINT chk_cohorts_archived CHECK (archived_at IS NULL OR status = 'archived'),
      ADD CONSTRAINT chk_cohorts_anonymised CHECK (anonymised_at IS NULL OR status = 'archived'),
      ADD KEY idx_cohort_retention (status, anonymised_at, archived_at)`);
    await db.query("UPDATE cohorts SET archived_at = updated_at WHERE status = 'archived'");
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE cohorts DROP KEY idx_cohort_retention, DROP CONSTRAINT chk_cohorts_anonymised, DROP CONSTRAINT chk_cohorts_archived,
      DROP COLUMN anonymised_at, DROP COLUMN archived_at, DROP COLUMN retain_days`);
    for (const table of ['mentor_applications', 'student_applications']) await db.query(`ALTER TABLE ${table} DROP COLUMN anonymised_at, DROP COLUMN consent_version`);
  }
}
