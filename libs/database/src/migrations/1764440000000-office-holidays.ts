import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantTo } from '../migration-helpers';

/**
 * The days the partner centres' offices are closed (national and religious holidays), one row a day,
 * kept by administrators: acceptance deadlines in office hours skip them as they skip the weekend.
 * Public knowledge, no case content: no row-level security.
 */
export class OfficeHolidays1764440000000 implements MigrationInterface {
  name = 'OfficeHolidays1764440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE office_holiday (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      day date NOT NULL UNIQUE CHECK (day BETWEEN DATE '2000-01-01' AND DATE '2199-12-31'),
      name_ar text NOT NULL CHECK (char_length(name_ar) BETWEEN 1 AND 120),
      name_en text NOT NULL CHECK (char_length(name_en) BETWEEN 1 AND 120),
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    )`);
    await grantTo(queryRunner, ['api'], 'SELECT, INSERT, DELETE', ['office_holiday']);
    await grantTo(queryRunner, ['worker'], 'SELECT', ['office_holiday']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE office_holiday');
  }
}
