/**
 * The runtime roles migrations grant to. Roles are cluster-wide and created by provisioning, not by
 * migrations; their names come from configuration and are set here before migrations run.
 */
export interface RuntimeRoles {
  api: string;
  worker: string;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
let configured: RuntimeRoles | undefined;

export function setRuntimeRoles(roles: RuntimeRoles): void {
  for (const name of [roles.api, roles.worker]) {
    if (!ROLE_NAME.test(name)) throw new Error(`Not a valid role name: ${name}`);
  }
  configured = { ...roles };
}

export function runtimeRoles(): RuntimeRoles {
  if (!configured) throw new Error('Runtime role names are not set: call setRuntimeRoles() before running migrations');
  return configured;
}

/** A validated role name, quoted as an SQL identifier (identifiers cannot be bound as parameters). */
export const quoteRole = (name: string): string => `"${name}"`;
