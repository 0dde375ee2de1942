import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * DESIGN §10's audit of staff writes. `staff_id` and `cohort_id` are not foreign keys: an entry outlives the staff
 * member and cohort it is about, and names the staff member as they were called then (`staff_name`). The console reads
 * newest first under any one filter, so each filter leads an index that ends in `id`.
 */
export class Audit1765000000000 implements MigrationInterface {
  name = 'Audit1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE audit_entries (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      staff_id INT UNSIGNED NULL,
      staff_name VARCHAR(100) NOT NULL,
      action VARCHAR(40) NOT NULL,
      cohort_id INT UNSIGNED NULL,
      target VARCHAR(300) NOT NULL,
      summary VARCHAR(1000) NOT NULL,
      PRIMARY KEY (id),
      KEY idx_audit_at (at, id),
      KEY idx_audit_cohort (cohort_id, id),
      KEY idx_audit_staff (staff_id, id),
      KEY idx_audit_action (action, id)
    ) ${TABLE_OPTIONS}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_entries');
  }
}
