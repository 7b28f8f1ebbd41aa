import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableRowLevelSecurity, grantTo, runtimeRoleNames } from '../migration-helpers';

/**
 * The transactional outbox: a business transaction writes its notification rows here, so they commit
 * or vanish with the change; the worker's relay moves committed rows to BullMQ. Rows carry the event,
 * the record's type and id and audience codes, never user ids or content (recipients are resolved on
 * delivery). An insert wakes the relay through NOTIFY, which PostgreSQL delivers at commit.
 */
export class Outbox1764260000000 implements MigrationInterface {
  name = 'Outbox1764260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE outbox (
      id uuid PRIMARY KEY,
      event text NOT NULL CHECK (event ~ '^[a-z_]+\\.[a-z_]+$'),
      record_type text NOT NULL CHECK (record_type ~ '^[a-z_]{1,64}$'),
      record_id uuid NOT NULL,
      audiences text[] NOT NULL CHECK (cardinality(audiences) BETWEEN 1 AND 10 AND array_to_string(audiences, ',') ~ '^[a-z_]+(,[a-z_]+)*$'),
      created_at timestamptz NOT NULL,
      correlation_id text CHECK (correlation_id ~ '^[A-Za-z0-9:._-]{1,100}$'),
      published_at timestamptz,
      publish_attempts integer NOT NULL DEFAULT 0 CHECK (publish_attempts >= 0)
    )`);
    await q(`COMMENT ON TABLE outbox IS 'operational: notification intents (event, record id, audience codes); no case content'`);
    await q(`CREATE INDEX outbox_unpublished_idx ON outbox (created_at) WHERE published_at IS NULL`);
    await enableRowLevelSecurity(queryRunner, 'outbox');
    // The api writes intents and never reads them back; the worker's relay reads and marks them.
    await q(`CREATE POLICY outbox_api_insert ON outbox FOR INSERT TO ${runtimeRoleNames(['api'])} WITH CHECK (true)`);
    await q(`CREATE POLICY outbox_worker ON outbox TO ${runtimeRoleNames(['worker'])} USING (true) WITH CHECK (true)`);
    await grantTo(queryRunner, ['api', 'worker'], 'INSERT', ['outbox']);
    await grantTo(queryRunner, ['worker'], 'SELECT, UPDATE, DELETE', ['outbox']);
    await q(`CREATE FUNCTION app.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('outbox', ''); RETURN NULL; END $$`);
    await q(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION app.notify_outbox()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox`);
    await queryRunner.query(`DROP FUNCTION app.notify_outbox()`);
  }
}
