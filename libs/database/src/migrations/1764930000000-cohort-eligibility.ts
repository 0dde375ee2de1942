import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §10's eligibility: who may apply to a cohort as a student, `{colleges?, enrollmentYears?}`; NULL admits
 * everyone (every cohort so far). The API checks a student's college and enrollment year against it.
 */
export class CohortEligibility1764930000000 implements MigrationInterface {
  name = 'CohortEligibility1764930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE cohorts ADD COLUMN eligibility JSON NULL AFTER check_in_every_days');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE cohorts DROP COLUMN eligibility');
  }
}
