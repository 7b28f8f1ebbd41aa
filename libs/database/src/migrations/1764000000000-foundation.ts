import { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteRole, runtimeRoles } from '../runtime-roles';

/**
 * Extensions, the request-scope functions row-level-security policies read, and the worker heartbeat.
 * The scope settings are per transaction (set_config(..., true)) so a pooled connection never
 * carries another request's scope.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { api, worker } = runtimeRoles();
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS app`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA app TO ${quoteRole(api)}, ${quoteRole(worker)}`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO ${quoteRole(api)}, ${quoteRole(worker)}`);
    await queryRunner.query(`
      CREATE FUNCTION app.current_user_id() RETURNS uuid LANGUAGE sql STABLE
      AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$`);
    await queryRunner.query(`
      CREATE FUNCTION app.current_unit_id() RETURNS uuid LANGUAGE sql STABLE
      AS $$ SELECT nullif(current_setting('app.unit_id', true), '')::uuid $$`);
    await queryRunner.query(`
      CREATE FUNCTION app.current_roles() RETURNS text[] LANGUAGE sql STABLE
      AS $$ SELECT coalesce(string_to_array(nullif(current_setting('app.roles', true), ''), ','), '{}') $$`);
    await queryRunner.query(`
      CREATE FUNCTION app.current_process() RETURNS text LANGUAGE sql STABLE
      AS $$ SELECT coalesce(nullif(current_setting('app.process', true), ''), 'unknown') $$`);
    await queryRunner.query(`
      CREATE TABLE worker_heartbeat (
        worker_id  text PRIMARY KEY CHECK (length(worker_id) BETWEEN 1 AND 200),
        beat_at    timestamptz NOT NULL,
        started_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`COMMENT ON TABLE worker_heartbeat IS 'operational: last beat of each worker process; no case content'`);
    await queryRunner.query(`GRANT SELECT ON worker_heartbeat TO ${quoteRole(api)}`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON worker_heartbeat TO ${quoteRole(worker)}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE worker_heartbeat`);
    await queryRunner.query(`DROP FUNCTION app.current_process()`);
    await queryRunner.query(`DROP FUNCTION app.current_roles()`);
    await queryRunner.query(`DROP FUNCTION app.current_unit_id()`);
    await queryRunner.query(`DROP FUNCTION app.current_user_id()`);
    await queryRunner.query(`DROP SCHEMA app`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pgcrypto`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
