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
