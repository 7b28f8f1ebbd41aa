import { ConfigurationError, loadApiConfig, loadConfig, loadMigrationConfig } from './app-config';

const VALID = {
  DATABASE_URL: 'postgres://api:secret@db.internal:5432/referral_desk',
  REDIS_URL: 'redis://127.0.0.1:6379',
  FIELD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  LOOKUP_HASH_KEY: Buffer.alloc(32, 9).toString('base64'),
  AUDIT_SEAL_KEY: Buffer.alloc(32, 11).toString('base64'),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('accepts a minimal valid environment and fills the defaults', () => {
    const config = loadConfig(VALID);
    expect(config.port).toBe(3000);
    expect(config.nodeEnv).toBe('development');
    expect(config.databaseApiRole).toBe('referral_api');
    expect(config.redisRequirePersistence).toBe(false);
    expect(config.workerHeartbeatStaleSeconds).toBe(60);
    expect([config.databaseStatementTimeoutSeconds, config.databaseIdleInTransactionTimeoutSeconds, config.auditSealAlertSeconds]).toEqual([30, 30, 120]);
  });

  it('names a missing variable and says what is expected', () => {
    const { DATABASE_URL: _omitted, ...withoutDatabase } = VALID;
    const [problem, ...rest] = problemsOf(withoutDatabase);
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^DATABASE_URL is required and must be a PostgreSQL URL/);
  });

  it.each([
    ['DATABASE_URL', 'not-a-url', /^DATABASE_URL must be a PostgreSQL URL/],
    ['REDIS_URL', 'http://redis:6379', /^REDIS_URL must be a Redis URL/],
    ['PORT', '70000', /^PORT must be a port number/],
    ['PORT', 'abc', /^PORT must be a port number/],
    ['NODE_ENV', 'staging', /^NODE_ENV must be one of/],
    ['SHUTDOWN_GRACE_SECONDS', '45', /^SHUTDOWN_GRACE_SECONDS must be a whole number of seconds between 1 and 30/],
    ['DATABASE_API_ROLE', 'Robert"; DROP', /^DATABASE_API_ROLE must be a PostgreSQL role name/],
    ['REDIS_REQUIRE_PERSISTENCE', 'maybe', /^REDIS_REQUIRE_PERSISTENCE must be true or false/],
    ['FIELD_ENCRYPTION_KEYS', 'k1:short', /^FIELD_ENCRYPTION_KEYS must list keys as id:base64 of 32 bytes/],
    ['LOOKUP_HASH_KEY', 'abc', /^LOOKUP_HASH_KEY must be base64 of at least 32 random bytes/],
    ['DATABASE_STATEMENT_TIMEOUT_SECONDS', '0', /^DATABASE_STATEMENT_TIMEOUT_SECONDS must be a whole number of seconds between 1 and 3600/],
    ['DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS', '2.5', /^DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS must be a whole number of seconds/],
    ['AUDIT_SEAL_ALERT_SECONDS', '5', /^AUDIT_SEAL_ALERT_SECONDS must be a whole number of seconds between 10 and 86400/],
  ])('rejects %s=%s with one line naming it', (name, value, expected) => {
    const problems = problemsOf({ ...VALID, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it('never echoes the offending value (it may be a secret)', () => {
    const problems = problemsOf({ ...VALID, DATABASE_URL: 'mysql://user:hunter2@host/db' });
    expect(problems.join(' ')).not.toContain('hunter2');
  });

  it('requires persistence in production unless told otherwise', () => {
    expect(loadConfig({ ...VALID, NODE_ENV: 'production' }).redisRequirePersistence).toBe(true);
    expect(loadConfig({ ...VALID, NODE_ENV: 'production', REDIS_REQUIRE_PERSISTENCE: 'false' }).redisRequirePersistence).toBe(false);
  });

  it('the migrate step needs only the owner URL', () => {
    expect(loadMigrationConfig({ DATABASE_OWNER_URL: 'postgres://owner@h/db' }).databaseWorkerRole).toBe('referral_worker');
    expect(() => loadMigrationConfig({})).toThrow(/DATABASE_OWNER_URL is required/);
  });
});

describe('loadApiConfig', () => {
  it('refuses production without METRICS_TOKEN, naming it: /metrics is never public there', () => {
    expect(() => loadApiConfig({ ...VALID, NODE_ENV: 'production' })).toThrow(/METRICS_TOKEN is required when NODE_ENV=production/);
    expect(loadApiConfig({ ...VALID, NODE_ENV: 'production', METRICS_TOKEN: 'a-long-enough-metrics-token-42' }).metricsToken).toBe(
      'a-long-enough-metrics-token-42',
    );
    expect(loadApiConfig({ ...VALID, NODE_ENV: 'development' }).metricsToken).toBeUndefined();
  });
});
