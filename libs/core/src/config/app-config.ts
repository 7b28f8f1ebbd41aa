import { applyDecorators } from '@nestjs/common';
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

/** A whole number within bounds; `message` is what an operator reads when it is not. */
const WholeNumber = (min: number, max: number, message: string) =>
  applyDecorators(Transform(toInt), IsInt({ message }), Min(min, { message }), Max(max, { message })) as PropertyDecorator;
const TrueOrFalse = () => applyDecorators(Transform(toBool), IsBoolean({ message: 'must be true or false' })) as PropertyDecorator;

/**
 * Every environment variable the processes read, with its rule. The message of each rule is what an
 * operator sees when the variable is missing or malformed, so it says what is expected.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'], { message: 'must be one of development, test, production' })
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @WholeNumber(1, 65535, 'must be a port number (1-65535)')
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

  @WholeNumber(1, 200, 'must be a whole number between 1 and 200')
  DATABASE_POOL_SIZE = 10;

  @WholeNumber(1, 3600, 'must be a whole number of seconds between 1 and 3600')
  DATABASE_STATEMENT_TIMEOUT_SECONDS = 30;

  @WholeNumber(1, 3600, 'must be a whole number of seconds between 1 and 3600')
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS = 30;

  @Matches(REDIS_URL, { message: 'must be a Redis URL such as redis://127.0.0.1:6379' })
  REDIS_URL!: string;

  @IsOptional()
  @TrueOrFalse()
  REDIS_REQUIRE_PERSISTENCE?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  @WholeNumber(1, 300, 'must be a whole number of seconds between 1 and 300')
  WORKER_HEARTBEAT_INTERVAL_SECONDS = 10;

  @WholeNumber(2, 3600, 'must be a whole number of seconds between 2 and 3600')
  WORKER_HEARTBEAT_STALE_SECONDS = 60;

  @WholeNumber(1, 30, 'must be a whole number of seconds between 1 and 30')
  SHUTDOWN_GRACE_SECONDS = 25;

  @Matches(/^\d+(kb|mb)$/, { message: 'must be a size such as 100kb or 1mb' })
  HTTP_BODY_LIMIT = '100kb';

  @WholeNumber(0, 5, 'must be the number of proxies in front of the API (0-5)')
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
  @TrueOrFalse()
  SESSION_COOKIE_SECURE?: boolean;

  @TrueOrFalse()
  TOTP_REQUIRED_FOR_ALL = false;

  @Matches(BASE64_32_PLUS, { message: 'must be base64 of at least 32 random bytes' })
  AUDIT_SEAL_KEY!: string;

  @IsOptional()
  @Matches(/^\/\S+$/, { message: 'must be an absolute file path' })
  AUDIT_CHECKPOINT_FILE?: string;

  @WholeNumber(1, 3600, 'must be a whole number of seconds between 1 and 3600')
  AUDIT_SEAL_INTERVAL_SECONDS = 5;

  @WholeNumber(10, 86400, 'must be a whole number of seconds between 10 and 86400')
  AUDIT_SEAL_ALERT_SECONDS = 120;

  /** The built web app the api serves at `/` (default: apps/web/dist under the working directory, when built). */
  @IsOptional()
  @Matches(/^\/\S+$/, { message: 'must be an absolute directory path' })
  WEB_APP_DIR?: string;

  /** How often the worker announces consents and legal bases that have lapsed (expiry, a minor turned 18). */
  @WholeNumber(1, 3600, 'must be a whole number of seconds between 1 and 3600')
  CONSENT_LAPSE_SCAN_SECONDS = 60;

  /** How often the worker marks referral reminders and overdue referrals (the deadlines themselves are in PostgreSQL). */
  @WholeNumber(1, 3600, 'must be a whole number of seconds between 1 and 3600')
  REFERRAL_DEADLINE_SCAN_SECONDS = 60;

  /** The deployment's working week as ISO weekdays (1 Monday … 7 Sunday); Qatar works Sunday to Thursday. */
  @Matches(/^[1-7](,[1-7]){0,6}$/, { message: 'must be ISO weekdays 1-7 separated by commas, such as 7,1,2,3,4' })
  WORKING_DAYS = '7,1,2,3,4';

  @WholeNumber(1, 100000, 'must be a whole number of sign-in attempts per minute between 1 and 100000')
  SIGN_IN_RATE_PER_MINUTE = 20;

  /** Where a phone typed without a country code is read (ISO 3166 alpha-2). */
  @Matches(/^[A-Z]{2}$/, { message: 'must be a two-letter country code such as QA' })
  PHONE_DEFAULT_REGION = 'QA';

  @WholeNumber(100, 50000, 'must be a whole number of characters between 100 and 50000')
  CASE_NARRATIVE_MAX_CHARS = 10000;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

/** `DATABASE_URL` → `databaseUrl`: each variable's name in the typed configuration. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Lowercase<Head>}${Capitalize<CamelCase<Tail>>}` : Lowercase<S>;
type CamelCased<T> = { readonly [K in keyof T as K extends string ? CamelCase<K> : never]: T[K] };

const camelCase = (name: string): string => name.toLowerCase().replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

/** Variables whose default depends on another one, settled once validation has passed. */
interface Settled {
  readonly redisRequirePersistence: boolean;
  readonly sessionCookieSecure: boolean;
}

/**
 * The validated, typed configuration every process receives through dependency injection: the
 * variables of EnvironmentVariables under their camel-case names (declared once, there), with the
 * defaults that depend on NODE_ENV settled. A class, so that it is its own injection token.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface AppConfig extends Omit<CamelCased<EnvironmentVariables>, keyof Settled>, Settled {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class AppConfig {}

function camelCased<T extends object>(vars: T): CamelCased<T> {
  return Object.fromEntries(Object.entries(vars).map(([name, value]) => [camelCase(name), value])) as CamelCased<T>;
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
  return Object.assign(new AppConfig(), camelCased(vars), {
    redisRequirePersistence: vars.REDIS_REQUIRE_PERSISTENCE ?? vars.NODE_ENV === 'production',
    sessionCookieSecure: vars.SESSION_COOKIE_SECURE ?? vars.NODE_ENV !== 'test',
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
  LOOKUP_HASH_KEY?: string;

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

/** What the migrate and provisioning steps need: the owner's URL and the runtime role names to grant to (seed: field keys; audit:verify: the seal key and witness). */
export type MigrationConfig = CamelCased<MigrationEnvironmentVariables>;

export function loadMigrationConfig(env: Record<string, string | undefined> = process.env): MigrationConfig {
  return camelCased(validated(MigrationEnvironmentVariables, env));
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
