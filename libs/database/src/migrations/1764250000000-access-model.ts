import { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTOR_ROLES, USER_ROLES } from '@app/core';
import { hasPermission, replaceCheck, replacePolicy, runtimeRoleNames, textArray } from '../migration-helpers';

/** Sign-in, account, session and access events, which administrators read to investigate accounts. */
const SECURITY_ACTIONS = `ARRAY['sign\\_in.%', 'account.%', 'session.%', 'password.%', 'role.%', 'second\\_factor.%', 'recovery\\_code.%', 'access.%']`;

/**
 * One authorization model from HTTP to SQL: the transaction runner now sets the caller's permissions
 * (`app.permissions`) beside the roles, and every policy asks `app.has_permission(…)` instead of a role
 * name, so the role table in apps/api decides both what a route and what a row allows. The role lists
 * in CHECK constraints come from @app/core's one list; the trail's gains the worker's `system` actor
 * (its canonical text is unchanged), and the system unit that actor belongs to exists from here on.
 */
export class AccessModel1764250000000 implements MigrationInterface {
  name = 'AccessModel1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE FUNCTION app.current_permissions() RETURNS text[] LANGUAGE sql STABLE
      AS $$ SELECT coalesce(string_to_array(nullif(current_setting('app.permissions', true), ''), ','), '{}') $$`);
    await q(`CREATE FUNCTION app.has_permission(permission text) RETURNS boolean LANGUAGE sql STABLE
      AS $$ SELECT permission = ANY(app.current_permissions()) $$`);

    await replacePolicy(queryRunner, 'unit', 'unit_admin_insert', `FOR INSERT WITH CHECK (${hasPermission('unit.manage')})`);
    await replacePolicy(
      queryRunner,
      'unit',
      'unit_admin_update',
      `FOR UPDATE USING (${hasPermission('unit.manage')}) WITH CHECK (${hasPermission('unit.manage')})`,
    );
    await replacePolicy(
      queryRunner,
      'app_user',
      'user_read',
      `FOR SELECT USING (id = app.current_user_id() OR ${hasPermission('user.read')}
        OR (unit_id = app.current_unit_id() AND ${hasPermission('unit_members.read')}))`,
    );
    await replacePolicy(queryRunner, 'app_user', 'user_admin_insert', `FOR INSERT WITH CHECK (${hasPermission('user.manage')})`);
    await replacePolicy(
      queryRunner,
      'app_user',
      'user_admin_update',
      `FOR UPDATE USING (${hasPermission('user.manage')}) WITH CHECK (${hasPermission('user.manage')})`,
    );
    await replacePolicy(queryRunner, 'user_session', 'session_admin_read', `FOR SELECT USING (${hasPermission('user.manage')})`);
    await replacePolicy(
      queryRunner,
      'user_session',
      'session_admin_update',
      `FOR UPDATE USING (${hasPermission('user.manage')}) WITH CHECK (${hasPermission('user.manage')})`,
    );
    await replacePolicy(
      queryRunner,
      'audit_event',
      'audit_read',
      `FOR SELECT USING (${hasPermission('audit.read_all')}
        OR (${hasPermission('audit.read_unit')} AND actor_unit_id = app.current_unit_id())
        OR (${hasPermission('security_event.read')} AND action LIKE ANY (${SECURITY_ACTIONS})))`,
    );
    await q(`DROP FUNCTION app.has_role(text)`);

    await replaceCheck(queryRunner, 'app_user', 'app_user_roles_check', `cardinality(roles) >= 1 AND roles <@ ${textArray(USER_ROLES)}`);
    await replaceCheck(queryRunner, 'audit_event', 'audit_event_actor_roles_check', `actor_roles <@ ${textArray(ACTOR_ROLES)}`);

    await q(`INSERT INTO unit (kind, code, name_ar, name_en, created_at, updated_at)
      VALUES ('system', 'SYSTEM', 'إدارة النظام', 'System administration', now(), now()) ON CONFLICT (code) DO NOTHING`);
    // The worker learns its actor's unit before it has any scope to read units with.
    await q(`CREATE FUNCTION app.system_unit_id() RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
      AS $$ SELECT id FROM unit WHERE kind = 'system' AND code = 'SYSTEM' $$`);
    await q(`REVOKE ALL ON FUNCTION app.system_unit_id() FROM PUBLIC`);
    await q(`GRANT EXECUTE ON FUNCTION app.system_unit_id() TO ${runtimeRoleNames(['api', 'worker'])}`);
  }

  /** Back to role-name policies. The system unit stays: administrators may belong to it. */
  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    const legacyRoles = `ARRAY['desk_officer','supervisor','counsellor','centre_manager','auditor','administrator']`;
    await q(`DROP FUNCTION app.system_unit_id()`);
    await replaceCheck(queryRunner, 'audit_event', 'audit_event_actor_roles_check', `actor_roles <@ ${legacyRoles}`);
    await replaceCheck(queryRunner, 'app_user', 'app_user_roles_check', `cardinality(roles) >= 1 AND roles <@ ${legacyRoles}`);
    await q(`CREATE FUNCTION app.has_role(role text) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT role = ANY(app.current_roles()) $$`);
    const admin = `app.has_role('administrator')`;
    await replacePolicy(queryRunner, 'unit', 'unit_admin_insert', `FOR INSERT WITH CHECK (${admin})`);
    await replacePolicy(queryRunner, 'unit', 'unit_admin_update', `FOR UPDATE USING (${admin}) WITH CHECK (${admin})`);
    await replacePolicy(
      queryRunner,
      'app_user',
      'user_read',
      `FOR SELECT USING (id = app.current_user_id() OR ${admin}
        OR (unit_id = app.current_unit_id() AND (app.has_role('supervisor') OR app.has_role('centre_manager'))))`,
    );
    await replacePolicy(queryRunner, 'app_user', 'user_admin_insert', `FOR INSERT WITH CHECK (${admin})`);
    await replacePolicy(queryRunner, 'app_user', 'user_admin_update', `FOR UPDATE USING (${admin}) WITH CHECK (${admin})`);
    await replacePolicy(queryRunner, 'user_session', 'session_admin_read', `FOR SELECT USING (${admin})`);
    await replacePolicy(queryRunner, 'user_session', 'session_admin_update', `FOR UPDATE USING (${admin}) WITH CHECK (${admin})`);
    await replacePolicy(
      queryRunner,
      'audit_event',
      'audit_read',
      `FOR SELECT USING (app.has_role('auditor') OR (app.has_role('supervisor') AND actor_unit_id = app.current_unit_id())
        OR (${admin} AND action LIKE ANY (${SECURITY_ACTIONS})))`,
    );
    await q(`DROP FUNCTION app.has_permission(text)`);
    await q(`DROP FUNCTION app.current_permissions()`);
  }
}
