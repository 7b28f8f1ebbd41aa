/** What the Jest global setup started, read from the environment it exported to the test workers. */
export interface TestRole {
  name: string;
  password: string;
}

export interface TestServices {
  pgPort: number;
  superuserUrl: string;
  template: string;
  roles: { owner: TestRole; api: TestRole; worker: TestRole };
  redisUrl: string;
}

export function testServices(): TestServices {
  const env = process.env;
  if (!env.TEST_PG_SUPERUSER_URL || !env.TEST_REDIS_URL) {
    throw new Error('Test services are not running: run the suite with `npm test` (its global setup starts them)');
  }
  return {
    pgPort: Number(env.TEST_PG_PORT),
    superuserUrl: env.TEST_PG_SUPERUSER_URL,
    template: env.TEST_PG_TEMPLATE ?? 'referral_template',
    roles: JSON.parse(env.TEST_PG_ROLES ?? '{}'),
    redisUrl: env.TEST_REDIS_URL,
  };
}

export function roleUrl(role: TestRole, database: string, port = testServices().pgPort): string {
  return `postgres://${role.name}:${encodeURIComponent(role.password)}@127.0.0.1:${port}/${database}`;
}
