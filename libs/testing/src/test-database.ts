import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { roleUrl, testServices } from './test-services';

export interface TestDatabase {
  name: string;
  ownerUrl: string;
  apiUrl: string;
  workerUrl: string;
  superuserUrl: string;
  /** Runs SQL as the cluster superuser in this database (tests that tamper or inspect the catalog). */
  asSuperuser<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs SQL as the given role in this database, in one session. */
  as<T = Record<string, unknown>>(role: 'owner' | 'api' | 'worker', sql: string, params?: unknown[]): Promise<T[]>;
  /** An open connection as the given role, for tests that need several statements on one session. */
  connect(role: 'owner' | 'api' | 'worker' | 'superuser'): Promise<Client>;
  drop(): Promise<void>;
}

async function once<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own for one test file: cloned from the migrated template (fast), or empty for
 * migration tests. Database-level grants are not copied by a template, so they are made again.
 */
export async function createTestDatabase(options: { empty?: boolean; template?: string } = {}): Promise<TestDatabase> {
  const services = testServices();
  const { owner, api, worker } = services.roles;
  const name = `test_${randomBytes(6).toString('hex')}`;
  const source = options.empty ? 'template0' : (options.template ?? services.template);
  await once(services.superuserUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}" OWNER "${owner.name}" ENCODING 'UTF8' TEMPLATE "${source}"`);
    await client.query(`REVOKE ALL ON DATABASE "${name}" FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${name}" TO "${api.name}", "${worker.name}"`);
  });
  return testDatabaseAt({ name, superuserUrl: services.superuserUrl, port: services.pgPort });
}

/** Handles on one database of a cluster whose roles are the suite's (the shared one, or a private one). */
export function testDatabaseAt(cluster: { name: string; superuserUrl: string; port: number }): TestDatabase {
  const { owner, api, worker } = testServices().roles;
  const { name, port } = cluster;
  const superuserUrl = cluster.superuserUrl.replace(/\/postgres$/, `/${name}`);
  const urls = { owner: roleUrl(owner, name, port), api: roleUrl(api, name, port), worker: roleUrl(worker, name, port) };
  return {
    name,
    ownerUrl: urls.owner,
    apiUrl: urls.api,
    workerUrl: urls.worker,
    superuserUrl,
    asSuperuser: (sql, params) => once(superuserUrl, async (client) => (await client.query(sql, params)).rows),
    as: (role, sql, params) => once(urls[role], async (client) => (await client.query(sql, params)).rows),
    connect: async (role) => {
      const client = new Client({ connectionString: role === 'superuser' ? superuserUrl : urls[role] });
      await client.connect();
      return client;
    },
    drop: () => once(cluster.superuserUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined)),
  };
}
