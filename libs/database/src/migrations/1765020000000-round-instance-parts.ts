import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A round's engine input in parts: one value may not exceed max_allowed_packet (16 MB by default on MariaDB), and a
 * 100,000-student instance is some 40 MB of JSON. Existing instances become their part 0.
 */
export class RoundInstanceParts1765020000000 implements MigrationInterface {
  name = 'RoundInstanceParts1765020000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE round_instances ADD COLUMN part SMALLINT UNSIGNED NOT NULL DEFAULT 0 AFTER round_id, DROP PRIMARY KEY, ADD PRIMARY KEY (round_id, part)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DELETE FROM round_instances WHERE part > 0');
    await db.query('ALTER TABLE round_instances DROP PRIMARY KEY, DROP COLUMN part, ADD PRIMARY KEY (round_id)');
  }
}
