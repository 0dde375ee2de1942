import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * DESIGN §8's surveys. Who was invited is recorded at publishing (the audience's people with a pair then), so the
 * response rate and the reminder have a fixed denominator; a response must name an invitation (composite key).
 */
export class Surveys1764700000000 implements MigrationInterface {
  name = 'Surveys1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE surveys (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cohort_id INT UNSIGNED NOT NULL,
      title JSON NOT NULL,
      audience ENUM('students','mentors','both') NOT NULL,
      closes_at DATETIME(3) NOT NULL,
      questions JSON NOT NULL,
      status ENUM('draft','published') NOT NULL DEFAULT 'draft',
      published_at DATETIME(3) NULL,
      reminded_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      KEY idx_survey_cohort (cohort_id, id),
      CONSTRAINT chk_survey_published CHECK ((status = 'published') = (published_at IS NOT NULL)),
      CONSTRAINT fk_survey_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE survey_invitations (
      survey_id INT UNSIGNED NOT NULL,
      role ENUM('mentor','student') NOT NULL,
      application_id INT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (survey_id, role, application_id),
      KEY idx_invitation_person (role, application_id),
      CONSTRAINT fk_invitation_survey FOREIGN KEY (survey_id) REFERENCES surveys (id)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE survey_responses (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      survey_id INT UNSIGNED NOT NULL,
      role ENUM('mentor','student') NOT NULL,
      application_id INT UNSIGNED NOT NULL,
      answers JSON NOT NULL,
      share_name BOOLEAN NOT NULL DEFAULT FALSE,
      submitted_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_response_person (survey_id, role, application_id),
      CONSTRAINT fk_response_invitation FOREIGN KEY (survey_id, role, application_id) REFERENCES survey_invitations (survey_id, role, application_id)
    ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['survey_responses', 'survey_invitations', 'surveys']) await db.query(`DROP TABLE ${table}`);
  }
}
