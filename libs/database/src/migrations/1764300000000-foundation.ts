import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const APPLICATION_STATUS = "ENUM('submitted','approved','rejected','withdrawn') NOT NULL DEFAULT 'submitted'";

export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE cohorts (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      name VARCHAR(200) NOT NULL,
      description TEXT NULL,
      status ENUM('draft','open','closed','archived') NOT NULL DEFAULT 'draft',
      max_choices TINYINT UNSIGNED NOT NULL DEFAULT 5,
      response_window_hours INT UNSIGNED NOT NULL DEFAULT 72,
      fill_with_scores BOOLEAN NOT NULL DEFAULT TRUE,
      auto_rounds BOOLEAN NOT NULL DEFAULT FALSE,
      min_score DECIMAL(4,3) NOT NULL DEFAULT 0.200,
      weights JSON NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      KEY idx_cohorts_status (status),
      CONSTRAINT chk_cohorts_max_choices CHECK (max_choices BETWEEN 1 AND 10),
      CONSTRAINT chk_cohorts_window CHECK (response_window_hours >= 1)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE mentor_applications (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cohort_id INT UNSIGNED NOT NULL,
      status ${APPLICATION_STATUS},
      name VARCHAR(100) NOT NULL,
      email VARCHAR(254) NOT NULL,
      phone VARCHAR(40) NULL,
      graduation_year SMALLINT UNSIGNED NOT NULL,
      department VARCHAR(100) NOT NULL,
      major VARCHAR(100) NOT NULL,
      industry VARCHAR(100) NOT NULL,
      organization VARCHAR(200) NOT NULL,
      title VARCHAR(100) NOT NULL,
      city VARCHAR(100) NOT NULL,
      topics JSON NOT NULL,
      capacity TINYINT UNSIGNED NOT NULL,
      bio TEXT NOT NULL,
      languages JSON NOT NULL,
      consent BOOLEAN NOT NULL,
      review_note VARCHAR(1000) NULL,
      reviewed_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_mentor_cohort_email (cohort_id, email),
      UNIQUE KEY uq_mentor_cohort_id (cohort_id, id),
      KEY idx_mentor_cohort_status (cohort_id, status),
      CONSTRAINT fk_mentor_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id),
      CONSTRAINT chk_mentor_capacity CHECK (capacity BETWEEN 1 AND 5),
      CONSTRAINT chk_mentor_consent CHECK (consent = TRUE)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE student_applications (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cohort_id INT UNSIGNED NOT NULL,
      status ${APPLICATION_STATUS},
      name VARCHAR(100) NOT NULL,
      email VARCHAR(254) NOT NULL,
      student_number VARCHAR(40) NOT NULL,
      college VARCHAR(100) NOT NULL,
      major VARCHAR(100) NOT NULL,
      enrollment_year SMALLINT UNSIGNED NOT NULL,
      city VARCHAR(100) NOT NULL,
      topics JSON NOT NULL,
      industries JSON NOT NULL,
      statement TEXT NOT NULL,
      consent BOOLEAN NOT NULL,
      review_note VARCHAR(1000) NULL,
      reviewed_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_student_cohort_email (cohort_id, email),
      UNIQUE KEY uq_student_cohort_number (cohort_id, student_number),
      UNIQUE KEY uq_student_cohort_id (cohort_id, id),
      KEY idx_student_cohort_status (cohort_id, status),
      CONSTRAINT fk_student_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id),
      CONSTRAINT chk_student_consent CHECK (consent = TRUE)
    ) ${TABLE_OPTIONS}`);

    // The composite foreign keys make "a choice names a mentor of the student's own cohort" a schema rule.
    await db.query(`CREATE TABLE student_choices (
      student_id INT UNSIGNED NOT NULL,
      \`rank\` TINYINT UNSIGNED NOT NULL,
      cohort_id INT UNSIGNED NOT NULL,
      mentor_id INT UNSIGNED NOT NULL,
      PRIMARY KEY (student_id, \`rank\`),
      UNIQUE KEY uq_choice_student_mentor (student_id, mentor_id),
      KEY idx_choice_mentor (mentor_id),
      CONSTRAINT fk_choice_student FOREIGN KEY (cohort_id, student_id) REFERENCES student_applications (cohort_id, id) ON DELETE CASCADE,
      CONSTRAINT fk_choice_mentor FOREIGN KEY (cohort_id, mentor_id) REFERENCES mentor_applications (cohort_id, id),
      CONSTRAINT chk_choice_rank CHECK (\`rank\` BETWEEN 1 AND 10)
    ) ${TABLE_OPTIONS}`);

    // Personal access tokens, stored only as hashes. An applicant may hold several: the one returned at
    // application time and one minted for each email that carries a personal link.
    await db.query(`CREATE TABLE applicant_tokens (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      role ENUM('mentor','student') NOT NULL,
      application_id INT UNSIGNED NOT NULL,
      token_hash CHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_applicant_token (token_hash),
      KEY idx_applicant_token_owner (role, application_id)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE coordinators (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      name VARCHAR(100) NOT NULL,
      email VARCHAR(254) NOT NULL,
      token_hash CHAR(64) NOT NULL,
      revoked_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_coordinator_email (email),
      UNIQUE KEY uq_coordinator_token (token_hash)
    ) ${TABLE_OPTIONS}`);

    await db.query(`CREATE TABLE outbox (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      queue VARCHAR(64) NOT NULL,
      job_name VARCHAR(64) NOT NULL,
      payload JSON NOT NULL,
      job_id VARCHAR(191) NOT NULL,
      run_at DATETIME(3) NULL,
      dispatched_at DATETIME(3) NULL,
      dispatch_attempts INT UNSIGNED NOT NULL DEFAULT 0,
      last_error TEXT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_outbox_job (job_id),
      KEY idx_outbox_pending (dispatched_at, id)
    ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'coordinators', 'applicant_tokens', 'student_choices', 'student_applications', 'mentor_applications', 'cohorts']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
