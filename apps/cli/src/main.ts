import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { FieldCipher, KeyedHasher, loadConfigOrExit, loadMigrationConfig, MigrationConfig, parseKeyring } from '@app/core';
import {
  AuditEvent,
  auditEventInsert,
  readWitness,
  unfinishedVerificationAuditEvent,
  verificationAuditEvent,
  VerificationResult,
  VerificationRunningException,
  verifyAuditTrail,
  VERIFIER_POOL_SIZE,
  Witness,
  WITNESS_PROBLEMS,
} from '@app/audit';
import { databaseOptions, DemoCredential, pendingMigrations, reencryptAll, revertMigrations, runMigrations, RuntimeRoles } from '@app/database';
import { DEMO_SEED_STEPS, saveCredentials } from './demo-seed';

/** Operator commands: migrations (as the schema owner) and the demo seed. One deploy runs `migrate` once. */
const USAGE = 'usage: cli migrate | migrate:revert [count|all] | migrate:pending | seed [credentials-file] | audit:verify | reencrypt';

const say = (message: string) => process.stdout.write(`[cli] ${message}\n`);

function rolesOf(config: MigrationConfig): RuntimeRoles {
  return { api: config.databaseApiRole, worker: config.databaseWorkerRole };
}

/** The idempotent demo seed; new credentials are printed once and added to `credentialsFile`. */
async function seed(config: MigrationConfig, credentialsFile?: string): Promise<void> {
  if (!config.fieldEncryptionKeys) throw new Error('FIELD_ENCRYPTION_KEYS is required for the seed (demo second-factor secrets are encrypted)');
  if (!config.lookupHashKey) throw new Error('LOOKUP_HASH_KEY is required for the seed (demo persons are found by keyed hashes)');
  const cipher = new FieldCipher(parseKeyring(config.fieldEncryptionKeys, config.fieldEncryptionActiveKeyId));
  const hasher = new KeyedHasher(Buffer.from(config.lookupHashKey, 'base64'));
  const credentials: DemoCredential[] = [];
  const context = {
    now: new Date(),
    encrypt: (text: string, at: string) => cipher.encrypt(text, at),
    hash: (purpose: string, value: string) => hasher.hash(purpose, value),
    credentials,
  };
  const dataSource = new DataSource(databaseOptions({ url: config.databaseOwnerUrl, poolSize: 2, applicationName: 'referral-desk-seed' }));
  await dataSource.initialize();
  try {
    for (const step of DEMO_SEED_STEPS) for (const line of await step.run(dataSource, context)) say(`${step.name}: ${line}`);
  } finally {
    await dataSource.destroy();
  }
  if (credentials.length === 0) return;
  say('demo accounts created (shown once; second-factor secrets go into an authenticator app):');
  for (const entry of credentials)
    say(`  ${entry.username.padEnd(17)} ${entry.role.padEnd(15)} password ${entry.password}${entry.totpSecret ? `  TOTP ${entry.totpSecret}` : ''}`);
  if (credentialsFile) {
    saveCredentials(credentialsFile, credentials);
    say(`written to ${credentialsFile} (mode 0600)`);
  }
}

/** Recomputes the whole audit chain against the checkpoint file (the witness); exits 2 unless it is intact. */
async function verify(config: MigrationConfig): Promise<void> {
  if (!config.auditSealKey) throw new Error('AUDIT_SEAL_KEY is required to verify the audit trail');
  const key = Buffer.from(config.auditSealKey, 'base64');
  const dataSource = new DataSource(databaseOptions({ url: config.databaseOwnerUrl, poolSize: VERIFIER_POOL_SIZE, applicationName: 'referral-desk-verify' }));
  await dataSource.initialize();
  try {
    const witness = readWitness(config.auditCheckpointFile);
    const started = Date.now();
    const result = await verifyAuditTrail(dataSource, key, witness).catch(async (error: unknown) => {
      if (!(error instanceof VerificationRunningException)) await recordCliEvent(dataSource, unfinishedVerificationAuditEvent(CLI_RUN)).catch(() => undefined);
      throw error;
    });
    await recordCliEvent(dataSource, verificationAuditEvent(result, CLI_RUN));
    say(describeVerification(result, witness, (Date.now() - started) / 1000));
    if (!result.ok) process.exitCode = 2;
  } finally {
    await dataSource.destroy();
  }
}

/** After a key rotation: every sensitive value under the active key (FIELD_ENCRYPTION_ACTIVE_KEY_ID), old keys still listed to read. */
async function reencrypt(config: MigrationConfig): Promise<void> {
  if (!config.fieldEncryptionKeys) throw new Error('FIELD_ENCRYPTION_KEYS is required to re-encrypt (the old keys and the new active one)');
  const keyring = parseKeyring(config.fieldEncryptionKeys, config.fieldEncryptionActiveKeyId);
  const dataSource = new DataSource(databaseOptions({ url: config.databaseOwnerUrl, poolSize: 1, applicationName: 'referral-desk-reencrypt' }));
  await dataSource.initialize();
  try {
    const counts = await reencryptAll(dataSource, new FieldCipher(keyring), keyring.activeKeyId);
    for (const { column, reencrypted } of counts) say(`${column}: ${reencrypted} re-encrypted`);
    const total = counts.reduce((sum, entry) => sum + entry.reencrypted, 0);
    say(`${total} value(s) re-encrypted under key ${keyring.activeKeyId}`);
    // Column names and counts only, as the trail's other events.
    const columns = Object.fromEntries(counts.map((entry) => [entry.column, entry.reencrypted]));
    // Ledgers are never rewritten but for this: the trail names the ledger columns the override touched.
    const ledgerColumns = counts.filter((entry) => entry.ledger && entry.reencrypted > 0).map((entry) => entry.column);
    await recordCliEvent(dataSource, {
      action: 'fields.reencrypted',
      detail: { source: 'cli', activeKeyId: keyring.activeKeyId, total, columns, ledgerColumns },
    });
  } finally {
    await dataSource.destroy();
  }
}

/** Marks the cli's verification events: they have no signed-in actor. */
const CLI_RUN = { source: 'cli' };

/** As the schema owner, whose row-level-security policy on the trail allows the insert. */
async function recordCliEvent(dataSource: DataSource, event: AuditEvent): Promise<void> {
  const { sql, params } = auditEventInsert(event, {}, new Date());
  await dataSource.query(sql, params);
}

function describeVerification(result: VerificationResult, witness: Witness, seconds: number): string {
  if (result.ok) {
    return `audit trail OK: ${result.count} sealed events, ${result.checkpointsChecked} of ${witness.checkpoints.length} checkpoints matched, ${seconds.toFixed(2)}s`;
  }
  // A missing or damaged witness proves no tampering, but the trail cannot be shown intact without it.
  if (result.reason && WITNESS_PROBLEMS.includes(result.reason)) return `audit trail NOT VERIFIED: ${result.reason}: ${result.message}`;
  return `audit trail TAMPERED: ${result.reason} at sequence ${result.firstBadSeq}: ${result.message}`;
}

async function main(command: string | undefined, argument: string | undefined): Promise<void> {
  const config = loadConfigOrExit(loadMigrationConfig);
  switch (command) {
    case 'migrate': {
      const applied = await runMigrations(config.databaseOwnerUrl, rolesOf(config));
      say(applied.length ? `applied ${applied.join(', ')}` : 'schema is up to date');
      return;
    }
    case 'migrate:revert': {
      const count = argument === 'all' ? Infinity : Number(argument ?? 1);
      if (!(count > 0)) throw new Error(USAGE);
      say(`reverted ${await revertMigrations(config.databaseOwnerUrl, rolesOf(config), count)} migration(s)`);
      return;
    }
    case 'migrate:pending':
      say((await pendingMigrations(config.databaseOwnerUrl, rolesOf(config))) ? 'migrations are pending' : 'schema is up to date');
      return;
    case 'seed':
      return seed(config, argument);
    case 'audit:verify':
      return verify(config);
    case 'reencrypt':
      return reencrypt(config);
    default:
      throw new Error(USAGE);
  }
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  process.stderr.write(`[cli] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
