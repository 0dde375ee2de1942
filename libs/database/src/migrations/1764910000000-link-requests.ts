import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §9's "resend my link": the requests let through, until the worker has handled each (then it deletes the row).
 * `cohort_id` has no foreign key on purpose: the API takes a request for any cohort id alike, so its answer says
 * nothing about which cohorts or addresses exist.
 */
export class LinkRequests1764910000000 implements MigrationInterface {
  name = 'LinkRequests1764910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE link_requests (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      cohort_id INT UNSIGNED NOT NULL,
      email VARCHAR(254) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE link_requests');
  }
}
