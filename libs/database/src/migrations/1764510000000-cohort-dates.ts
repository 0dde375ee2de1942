import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §3's cohort dates: an application deadline (an instant; applications are refused after it even while the
 * cohort is open) and the programme's dates (calendar dates in China) with the check-in interval (0: none).
 */
export class CohortDates1764510000000 implements MigrationInterface {
  name = 'CohortDates1764510000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE cohorts
      ADD COLUMN application_deadline DATETIME(3) NULL AFTER weights,
      ADD COLUMN program_starts_on DATE NULL AFTER application_deadline,
      ADD COLUMN program_ends_on DATE NULL AFTER program_starts_on,
      ADD COLUMN check_in_every_days SMALLINT UNSIGNED NOT NULL DEFAULT 30 AFTER program_ends_on`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE cohorts
      DROP COLUMN check_in_every_days, DROP COLUMN program_ends_on, DROP COLUMN program_starts_on, DROP COLUMN application_deadline`);
  }
}
