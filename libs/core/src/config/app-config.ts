import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync, ValidationError } from 'class-validator';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s/]+(\/[^\s?]*)?(\?\S*)?$/;
const REDIS_URL = /^rediss?:\/\/[^\s/]*(:\d+)?(\/\d+)?$/;
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const KEY_ENTRY = '[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=';
const KEYRING = new RegExp(`^${KEY_ENTRY}(,${KEY_ENTRY})*$`);
const BASE64_32_PLUS = /^[A-Za-z0-9+/]{43,}={0,2}$/;

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/**
 * Every environment variable the processes read, with its rule. The message of each rule is what an
 * operator sees when the variable is missing or malformed, so it says what is expected.
 */
class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'], { message: 'must be one of development, test, production' })
  NODE_ENV = 'development';

  @Transform(toInt)
  @IsInt({ message: 'must be a port number (1-65535)' })
  @Min(1, { message: 'must be a port number (1-65535)' })
  @Max(65535, { message: 'must be a port number (1-65535)' })
  PORT = 3000;

  @Matches(POSTGRES_URL, { message: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/database' })
  DATABASE_URL!: string;

  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'must be a PostgreSQL URL such as postgres://owner:password@host:5432/database' })
  DATABASE_OWNER_URL?: string;

  @Matches(ROLE_NAME, { message: 'must be a PostgreSQL role name (lower case letters, digits, _)' })
  DATABASE_API_ROLE = 'referral_api';

  @Matches(ROLE_NAME, { message: 'must be a PostgreSQL role name (lower case letters, digits, _)' })
  DATABASE_WORKER_ROLE = 'referral_worker';

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 200' })
  @Min(1, { message: 'must be a whole number between 1 and 200' })
  @Max(200, { message: 'must be a whole number between 1 and 200' })
  DATABASE_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 1 and 3600' })
  @Min(1, { message: 'must be a whole number of seconds between 1 and 3600' })
  @Max(3600, { message: 'must be a whole number of seconds between 1 and 3600' })
  DATABASE_STATEMENT_TIMEOUT_SECONDS = 30;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 1 and 3600' })
  @Min(1, { message: 'must be a whole number of seconds between 1 and 3600' })
  @Max(3600, { message: 'must be a whole number of seconds between 1 and 3600' })
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS = 30;

  @Matches(REDIS_URL, { message: 'must be a Redis URL such as redis://127.0.0.1:6379' })
  REDIS_URL!: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  REDIS_REQUIRE_PERSISTENCE?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 1 and 300' })
  @Min(1, { message: 'must be a whole number of seconds between 1 and 300' })
  @Max(300, { message: 'must be a whole number of seconds between 1 and 300' })
  WORKER_HEARTBEAT_INTERVAL_SECONDS = 10;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 2 and 3600' })
  @Min(2, { message: 'must be a whole number of seconds between 2 and 3600' })
  @Max(3600, { message: 'must be a whole number of seconds between 2 and 3600' })
  WORKER_HEARTBEAT_STALE_SECONDS = 60;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 1 and 30' })
  @Min(1, { message: 'must be a whole number of seconds between 1 and 30' })
  @Max(30, { message: 'must be a whole number of seconds between 1 and 30' })
  SHUTDOWN_GRACE_SECONDS = 25;

  @Matches(/^\d+(kb|mb)$/, { message: 'must be a size such as 100kb or 1mb' })
  HTTP_BODY_LIMIT = '100kb';

  @Transform(toInt)
  @IsInt({ message: 'must be the number of proxies in front of the API (0-5)' })
  @Min(0, { message: 'must be the number of proxies in front of the API (0-5)' })
  @Max(5, { message: 'must be the number of proxies in front of the API (0-5)' })
  TRUST_PROXY_HOPS = 0;

  @IsOptional()
  @IsString()
  @Matches(/^\S{24,}$/, { message: 'must be at least 24 characters without spaces' })
  METRICS_TOKEN?: string;

  @Matches(KEYRING, { message: 'must list keys as id:base64 of 32 bytes, comma separated (e.g. k1:…)' })
  FIELD_ENCRYPTION_KEYS!: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,16}$/, { message: 'must be the id of one of FIELD_ENCRYPTION_KEYS' })
  FIELD_ENCRYPTION_ACTIVE_KEY_ID?: string;

  @Matches(BASE64_32_PLUS, { message: 'must be base64 of at least 32 random bytes' })
  LOOKUP_HASH_KEY!: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  SESSION_COOKIE_SECURE?: boolean;

  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  TOTP_REQUIRED_FOR_ALL = false;

  @Matches(BASE64_32_PLUS, { message: 'must be base64 of at least 32 random bytes' })
  AUDIT_SEAL_KEY!: string;

  @IsOptional()
  @Matches(/^\/\S+$/, { message: 'must be an absolute file path' })
  AUDIT_CHECKPOINT_FILE?: string;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 1 and 3600' })
  @Min(1, { message: 'must be a whole number of seconds between 1 and 3600' })
  @Max(3600, { message: 'must be a whole number of seconds between 1 and 3600' })
  AUDIT_SEAL_INTERVAL_SECONDS = 5;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 10 and 86400' })
  @Min(10, { message: 'must be a whole number of seconds between 10 and 86400' })
  @Max(86400, { message: 'must be a whole number of seconds between 10 and 86400' })
  AUDIT_SEAL_ALERT_SECONDS = 120;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of sign-in attempts per minute between 1 and 100000' })
  @Min(1, { message: 'must be a whole number of sign-in attempts per minute between 1 and 100000' })
  @Max(100000, { message: 'must be a whole number of sign-in attempts per minute between 1 and 100000' })
  SIGN_IN_RATE_PER_MINUTE = 20;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

/** The validated, typed configuration every process receives through dependency injection. */
export class AppConfig {
  readonly nodeEnv!: 'development' | 'test' | 'production';
  readonly port!: number;
  readonly databaseUrl!: string;
  readonly databaseOwnerUrl?: string;
  readonly databaseApiRole!: string;
  readonly databaseWorkerRole!: string;
  readonly databasePoolSize!: number;
  readonly databaseStatementTimeoutSeconds!: number;
  readonly databaseIdleInTransactionTimeoutSeconds!: number;
  readonly redisUrl!: string;
  readonly redisRequirePersistence!: boolean;
  readonly logLevel!: string;
  readonly workerHeartbeatIntervalSeconds!: number;
  readonly workerHeartbeatStaleSeconds!: number;
  readonly shutdownGraceSeconds!: number;
  readonly httpBodyLimit!: string;
  readonly trustProxyHops!: number;
  readonly metricsToken?: string;
  readonly fieldEncryptionKeys!: string;
  readonly fieldEncryptionActiveKeyId?: string;
  readonly lookupHashKey!: string;
  readonly sessionCookieSecure!: boolean;
  readonly totpRequiredForAll!: boolean;
  readonly signInRatePerMinute!: number;
  readonly auditSealKey!: string;
  readonly auditCheckpointFile?: string;
  readonly auditSealIntervalSeconds!: number;
  readonly auditSealAlertSeconds!: number;
}

function describe(errors: ValidationError[]): string[] {
  return errors.map((error) => {
    const reasons = Object.values(error.constraints ?? {});
    const present = error.value !== undefined && error.value !== '';
    return `${error.property} ${present ? reasons[0] : 'is required and ' + reasons[0]}`;
  });
}

/** Reads and validates the environment. The only place in the code base that reads process.env. */
function validated<T extends object>(schema: new () => T, env: Record<string, string | undefined>): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const vars = plainToInstance(schema, defined, { exposeDefaultValues: true });
  const errors = validateSync(vars, { skipMissingProperties: false });
  if (errors.length > 0) throw new ConfigurationError(describe(errors));
  return vars;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const vars = validated(EnvironmentVariables, env);
  return Object.assign(new AppConfig(), {
    nodeEnv: vars.NODE_ENV,
    port: vars.PORT,
    databaseUrl: vars.DATABASE_URL,
    databaseOwnerUrl: vars.DATABASE_OWNER_URL,
    databaseApiRole: vars.DATABASE_API_ROLE,
    databaseWorkerRole: vars.DATABASE_WORKER_ROLE,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    databaseStatementTimeoutSeconds: vars.DATABASE_STATEMENT_TIMEOUT_SECONDS,
    databaseIdleInTransactionTimeoutSeconds: vars.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS,
    redisUrl: vars.REDIS_URL,
    redisRequirePersistence: vars.REDIS_REQUIRE_PERSISTENCE ?? vars.NODE_ENV === 'production',
    logLevel: vars.LOG_LEVEL,
    workerHeartbeatIntervalSeconds: vars.WORKER_HEARTBEAT_INTERVAL_SECONDS,
    workerHeartbeatStaleSeconds: vars.WORKER_HEARTBEAT_STALE_SECONDS,
    shutdownGraceSeconds: vars.SHUTDOWN_GRACE_SECONDS,
    httpBodyLimit: vars.HTTP_BODY_LIMIT,
    trustProxyHops: vars.TRUST_PROXY_HOPS,
    metricsToken: vars.METRICS_TOKEN,
    fieldEncryptionKeys: vars.FIELD_ENCRYPTION_KEYS,
    fieldEncryptionActiveKeyId: vars.FIELD_ENCRYPTION_ACTIVE_KEY_ID,
    lookupHashKey: vars.LOOKUP_HASH_KEY,
    sessionCookieSecure: vars.SESSION_COOKIE_SECURE ?? vars.NODE_ENV !== 'test',
    totpRequiredForAll: vars.TOTP_REQUIRED_FOR_ALL,
    signInRatePerMinute: vars.SIGN_IN_RATE_PER_MINUTE,
    auditSealKey: vars.AUDIT_SEAL_KEY,
    auditCheckpointFile: vars.AUDIT_CHECKPOINT_FILE,
    auditSealIntervalSeconds: vars.AUDIT_SEAL_INTERVAL_SECONDS,
    auditSealAlertSeconds: vars.AUDIT_SEAL_ALERT_SECONDS,
  });
}

/**
 * The api's configuration: the shared rules, plus the api's own. In production /metrics must not be
 * public (it names routes, versions and load), so a missing METRICS_TOKEN stops the boot.
 */
export function loadApiConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const config = loadConfig(env);
  if (config.nodeEnv === 'production' && !config.metricsToken) {
    throw new ConfigurationError(['METRICS_TOKEN is required when NODE_ENV=production: /metrics answers only with Authorization: Bearer <token>']);
  }
  return config;
}

class MigrationEnvironmentVariables {
  @IsOptional()
  @Matches(BASE64_32_PLUS, { message: 'must be base64 of at least 32 random bytes' })
  AUDIT_SEAL_KEY?: string;

  @IsOptional()
  @Matches(/^\/\S+$/, { message: 'must be an absolute file path' })
  AUDIT_CHECKPOINT_FILE?: string;

  @IsOptional()
  @Matches(KEYRING, { message: 'must list keys as id:base64 of 32 bytes, comma separated (e.g. k1:…)' })
  FIELD_ENCRYPTION_KEYS?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,16}$/, { message: 'must be the id of one of FIELD_ENCRYPTION_KEYS' })
  FIELD_ENCRYPTION_ACTIVE_KEY_ID?: string;

  @Matches(POSTGRES_URL, { message: 'must be a PostgreSQL URL of the schema owner, such as postgres://owner:password@host:5432/database' })
  DATABASE_OWNER_URL!: string;

  @Matches(ROLE_NAME, { message: 'must be a PostgreSQL role name (lower case letters, digits, _)' })
  DATABASE_API_ROLE = 'referral_api';

  @Matches(ROLE_NAME, { message: 'must be a PostgreSQL role name (lower case letters, digits, _)' })
  DATABASE_WORKER_ROLE = 'referral_worker';
}

/** What the migrate and provisioning steps need: the owner's URL and the runtime role names to grant to. */
export interface MigrationConfig {
  databaseOwnerUrl: string;
  /** Only the seed needs them (demo TOTP secrets are stored encrypted). */
  fieldEncryptionKeys?: string;
  fieldEncryptionActiveKeyId?: string;
  /** Only audit:verify needs them. */
  auditSealKey?: string;
  auditCheckpointFile?: string;
  databaseApiRole: string;
  databaseWorkerRole: string;
}

export function loadMigrationConfig(env: Record<string, string | undefined> = process.env): MigrationConfig {
  const vars = validated(MigrationEnvironmentVariables, env);
  return {
    databaseOwnerUrl: vars.DATABASE_OWNER_URL,
    databaseApiRole: vars.DATABASE_API_ROLE,
    databaseWorkerRole: vars.DATABASE_WORKER_ROLE,
    fieldEncryptionKeys: vars.FIELD_ENCRYPTION_KEYS,
    fieldEncryptionActiveKeyId: vars.FIELD_ENCRYPTION_ACTIVE_KEY_ID,
    auditSealKey: vars.AUDIT_SEAL_KEY,
    auditCheckpointFile: vars.AUDIT_CHECKPOINT_FILE,
  };
}

/** For entry points: a bad configuration ends the process with one line per variable, never a stack. */
export function loadConfigOrExit<T = AppConfig>(load: () => T = loadConfig as () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    for (const problem of error.problems) process.stderr.write(`Invalid configuration: ${problem}\n`);
    process.exit(1);
  }
}
