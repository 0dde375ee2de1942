import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §9's history of applicants' own edits. `role` says which applications table `application_id` points into;
 * the stored columns `mentor_id` / `student_id` carry it into that table with the cohort, so the schema itself keeps
 * every entry pointing at an application of its own cohort. An entry always names at least one change.
 */
export class ApplicationEdits1764900000000 implements MigrationInterface {
  name = 'ApplicationEdits1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE application_edits (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cohort_id INT UNSIGNED NOT NULL,
      role ENUM('mentor','student') NOT NULL,
      application_id INT UNSIGNED NOT NULL,
      changes JSON NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      mentor_id INT UNSIGNED AS (IF(role = 'mentor', application_id, NULL)) STORED,
      student_id INT UNSIGNED AS (IF(role = 'student', application_id, NULL)) STORED,
      PRIMARY KEY (id),
      KEY idx_application_edit_owner (role, application_id, id),
      CONSTRAINT chk_application_edit_changes CHECK (JSON_TYPE(changes) = 'ARRAY' AND JSON_LENGTH(changes) > 0),
      CONSTRAINT fk_application_edit_mentor FOREIGN KEY (cohort_id, mentor_id) REFERENCES mentor_applications (cohort_id, id),
      CONSTRAINT fk_application_edit_student FOREIGN KEY (cohort_id, student_id) REFERENCES student_applications (cohort_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE application_edits');
  }
}
