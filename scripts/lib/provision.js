'use strict';
// Provisioning for the embedded or a test cluster, run as the superuser: the three roles and the
// database. Roles are cluster-wide, so this is not a migration. docker/postgres/provision-roles.sql
// is the same for an external server.
const { Client } = require('pg');

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function ident(name, pattern = ROLE_NAME) {
  if (!pattern.test(name)) throw new Error(`Not a valid PostgreSQL identifier: ${name}`);
  return `"${name}"`;
}

async function withClient(url, work) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates or updates a login role. The runtime roles are explicitly NOSUPERUSER NOBYPASSRLS; the
 * owner can create (and so own) the tables, which is why the apps refuse to connect as it.
 */
async function ensureRole(client, name, password) {
  const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount > 0;
  const verb = exists ? 'ALTER' : 'CREATE';
  const literal = (await client.query('SELECT quote_literal($1) AS q', [password])).rows[0].q;
  await client.query(`${verb} ROLE ${ident(name)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${literal}`);
}

/** roles: { owner: {name, password}, api: {...}, worker: {...} } */
async function provisionRoles(superuserUrl, roles) {
  await withClient(superuserUrl, async (client) => {
    for (const role of [roles.owner, roles.api, roles.worker]) await ensureRole(client, role.name, role.password);
  });
}

/** An empty database owned by the owner role, connectable by the runtime roles only. */
async function ensureDatabase(superuserUrl, database, roles, { template } = {}) {
  await withClient(superuserUrl, async (client) => {
    const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount > 0;
    if (!exists) {
      const from = template ? ` TEMPLATE ${ident(template, DATABASE_NAME)}` : ' TEMPLATE template0';
      await client.query(`CREATE DATABASE ${ident(database, DATABASE_NAME)} OWNER ${ident(roles.owner.name)} ENCODING 'UTF8'${from}`);
    }
    await client.query(`REVOKE ALL ON DATABASE ${ident(database, DATABASE_NAME)} FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(database, DATABASE_NAME)} TO ${ident(roles.api.name)}, ${ident(roles.worker.name)}`);
  });
}

function roleUrl(port, role, database) {
  return `postgres://${role.name}:${encodeURIComponent(role.password)}@127.0.0.1:${port}/${database}`;
}

module.exports = { provisionRoles, ensureDatabase, roleUrl, withClient };
