import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §8's certificates, issued once per kind and application so a person's verification code never changes;
 * the code is unique and is what the public verification reads by. `role` follows from `kind` (a CHECK keeps the
 * two in step) and says which applications table `application_id` points into.
 */
export class Certificates1764800000000 implements MigrationInterface {
  name = 'Certificates1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE certificates (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      kind ENUM('mentor_appointment','student_completion') NOT NULL,
      cohort_id INT UNSIGNED NOT NULL,
      role ENUM('mentor','student') NOT NULL,
      application_id INT UNSIGNED NOT NULL,
      code CHAR(12) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      issued_on DATE NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_certificate_code (code),
      UNIQUE KEY uq_certificate_holder (kind, application_id),
      KEY idx_certificate_cohort (cohort_id),
      CONSTRAINT chk_certificate_role CHECK ((kind = 'mentor_appointment') = (role = 'mentor')),
      CONSTRAINT chk_certificate_code CHECK (code REGEXP '^[0-9A-HJKMNP-TV-Z]{12}$'),
      CONSTRAINT fk_certificate_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE certificates');
  }
}
