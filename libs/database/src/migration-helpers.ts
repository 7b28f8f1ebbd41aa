import { QueryRunner } from 'typeorm';
import { quoteRole, runtimeRoles } from './runtime-roles';

/** Names from code, never from input, checked before they are spliced into DDL. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const LITERAL = /^[a-z_][a-z0-9_.]{0,62}$/;

export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not an identifier a migration may use: ${name}`);
  return name;
}

/** `ARRAY['a','b']` of code-defined words (role names, states), for CHECK constraints and policies. */
export function textArray(values: readonly string[]): string {
  for (const value of values) if (!LITERAL.test(value)) throw new Error(`Not a word a migration may quote: ${value}`);
  return `ARRAY[${values.map((value) => `'${value}'`).join(', ')}]::text[]`;
}

/** `app.has_permission('…')` for a policy; the name is checked like any literal. */
export function hasPermission(permission: string): string {
  if (!LITERAL.test(permission)) throw new Error(`Not a permission name: ${permission}`);
  return `app.has_permission('${permission}')`;
}

export type RuntimeRole = 'api' | 'worker';

/** The configured runtime role names, quoted. */
export function runtimeRoleNames(roles: readonly RuntimeRole[]): string {
  const configured = runtimeRoles();
  return roles.map((role) => quoteRole(configured[role])).join(', ');
}

/**
 * Row-level security on, forced (the owner is subject to it too), and the owner's policy that lets
 * SECURITY DEFINER functions and migrations through. Every confidential table starts here.
 */
export async function enableRowLevelSecurity(queryRunner: QueryRunner, table: string): Promise<void> {
  const name = identifier(table);
  await queryRunner.query(`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${name} FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`CREATE POLICY owner_functions ON ${name} USING (app.running_as_owner()) WITH CHECK (app.running_as_owner())`);
}

/** GRANT privileges on tables to the runtime roles named in configuration. */
export async function grantTo(queryRunner: QueryRunner, roles: readonly RuntimeRole[], privileges: string, tables: readonly string[]): Promise<void> {
  if (!/^[A-Z, ]+$/.test(privileges)) throw new Error(`Not a privilege list: ${privileges}`);
  await queryRunner.query(`GRANT ${privileges} ON ${tables.map(identifier).join(', ')} TO ${runtimeRoleNames(roles)}`);
}

/** Replaces a table's CHECK constraint (by name) with a new expression, e.g. after the role list grew. */
export async function replaceCheck(queryRunner: QueryRunner, table: string, constraint: string, expression: string): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${identifier(table)} DROP CONSTRAINT ${identifier(constraint)}`);
  await queryRunner.query(`ALTER TABLE ${identifier(table)} ADD CONSTRAINT ${identifier(constraint)} CHECK (${expression})`);
}

/** Replaces a policy: drop it, create it again with the new text (PostgreSQL 15 has no CREATE OR REPLACE POLICY). */
export async function replacePolicy(queryRunner: QueryRunner, table: string, policy: string, definition: string): Promise<void> {
  await queryRunner.query(`DROP POLICY ${identifier(policy)} ON ${identifier(table)}`);
  await queryRunner.query(`CREATE POLICY ${identifier(policy)} ON ${identifier(table)} ${definition}`);
}

/**
 * The history table a StateMachine writes to (`<table>_history`), under the same row-level security
 * as its record (policies are the caller's to add: history is read by whoever reads the record).
 */
export async function createHistoryTable(queryRunner: QueryRunner, table: string): Promise<void> {
  const name = identifier(table);
  await queryRunner.query(`CREATE TABLE ${name}_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id uuid NOT NULL REFERENCES ${name}(id),
    action text NOT NULL CHECK (action ~ '^[a-z_]{1,64}$'),
    from_state text NOT NULL CHECK (from_state ~ '^[a-z_]{1,64}$'),
    to_state text NOT NULL CHECK (to_state ~ '^[a-z_]{1,64}$'),
    actor_user_id uuid,
    actor_unit_id uuid,
    at timestamptz NOT NULL,
    reason_code text CHECK (reason_code ~ '^[a-z_]{1,64}$'),
    detail jsonb NOT NULL DEFAULT '{}' CHECK (length(detail::text) <= 2000)
  )`);
  await queryRunner.query(`CREATE INDEX ${name}_history_record_idx ON ${name}_history (record_id, id)`);
  await enableRowLevelSecurity(queryRunner, `${name}_history`);
}

/** Columns of a ledger record that may be set once, together, while `leader` is still null (a withdrawal, a decision). */
export interface SetOnceGroup {
  leader: string;
  columns: readonly string[];
}

/** The setting under which the cli's `reencrypt` (the owner, and only the owner) may rewrite a ledger's ciphertext. */
export const REENCRYPTING_SETTING = 'app.reencrypting';

/**
 * Makes a table a ledger in PostgreSQL itself, whatever the service does: no DELETE or TRUNCATE, no
 * change to a content column, set-once groups written once, `free` columns (version, timestamps)
 * unconstrained. Ciphertext columns (`*_enc`) change only as part of their set-once group, or under
 * REENCRYPTING_SETTING when running as the owner (re-encryption under a new key, which the cli records).
 */
export async function makeLedger(queryRunner: QueryRunner, table: string, rules: { setOnce: readonly SetOnceGroup[]; free: readonly string[] }): Promise<void> {
  const name = identifier(table);
  const columns: Array<{ column_name: string }> = await queryRunner.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
    [name],
  );
  const encrypted = columns.map((row) => row.column_name).filter((column) => column.endsWith('_enc'));
  const grouped = rules.setOnce.flatMap((group) => group.columns);
  const mutable = [...new Set([...rules.free, ...grouped, ...encrypted])].map(identifier);
  const groupChecks = rules.setOnce.map((group) => {
    const plain = group.columns.filter((column) => !column.endsWith('_enc')).map(identifier);
    const row = (alias: string) => `(${plain.map((column) => `${alias}.${column}`).join(', ')})`;
    return `IF OLD.${identifier(group.leader)} IS NOT NULL AND ${row('NEW')} IS DISTINCT FROM ${row('OLD')} THEN
            RAISE EXCEPTION '${name}: % is set once', '${identifier(group.leader)}' USING ERRCODE = 'check_violation'; END IF;`;
  });
  const cipherChecks = encrypted.map((column) => {
    const group = rules.setOnce.find((candidate) => candidate.columns.includes(column));
    const settingNow = group ? `(OLD.${column} IS NULL AND OLD.${identifier(group.leader)} IS NULL)` : 'false';
    return `IF NEW.${column} IS DISTINCT FROM OLD.${column} AND NOT v_reencrypting AND NOT ${settingNow} THEN
            RAISE EXCEPTION '${name}: ${column} is never rewritten' USING ERRCODE = 'check_violation'; END IF;`;
  });
  await queryRunner.query(`CREATE FUNCTION app.${name}_is_a_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      v_reencrypting boolean := coalesce(current_setting('${REENCRYPTING_SETTING}', true), '') = 'on' AND app.running_as_owner();
    BEGIN
      IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        RAISE EXCEPTION '${name} records are never deleted' USING ERRCODE = 'check_violation';
      END IF;
      IF (to_jsonb(NEW) - ${textArray(mutable)}) IS DISTINCT FROM (to_jsonb(OLD) - ${textArray(mutable)}) THEN
        RAISE EXCEPTION '${name} records are never edited: a change is a new record' USING ERRCODE = 'check_violation';
      END IF;
      ${[...groupChecks, ...cipherChecks].join('\n      ')}
      RETURN NEW;
    END $$`);
  await queryRunner.query(`CREATE TRIGGER ${name}_ledger BEFORE UPDATE OR DELETE ON ${name} FOR EACH ROW EXECUTE FUNCTION app.${name}_is_a_ledger()`);
  await queryRunner.query(`CREATE TRIGGER ${name}_ledger_truncate BEFORE TRUNCATE ON ${name} FOR EACH STATEMENT EXECUTE FUNCTION app.${name}_is_a_ledger()`);
}
