import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §10's memory across cohorts recognises people by normalised email: their history on the coordinators'
 * lists, their earlier pairs in a round's pool and the program report's distinct people all look applications up by
 * email across cohorts, which the (cohort_id, email) unique keys cannot serve.
 */
export class ApplicantMemory1764940000000 implements MigrationInterface {
  name = 'ApplicantMemory1764940000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE mentor_applications ADD KEY idx_mentor_email (email, cohort_id)');
    await db.query('ALTER TABLE student_applications ADD KEY idx_student_email (email, cohort_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE student_applications DROP KEY idx_student_email');
    await db.query('ALTER TABLE mentor_applications DROP KEY idx_mentor_email');
  }
}
