import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigOrExit, loadMigrationConfig, MigrationConfig } from '@app/core';
import { databaseOptions, pendingMigrations, revertMigrations, runMigrations, RuntimeRoles } from '@app/database';
import { DEMO_SEED_STEPS } from './demo-seed';

/** Operator commands: migrations (as the schema owner) and the demo seed. One deploy runs `migrate` once. */
const USAGE = 'usage: cli migrate | migrate:revert [count|all] | migrate:pending | seed';

const say = (message: string) => process.stdout.write(`[cli] ${message}\n`);

function rolesOf(config: MigrationConfig): RuntimeRoles {
  return { api: config.databaseApiRole, worker: config.databaseWorkerRole };
}

async function seed(config: MigrationConfig): Promise<void> {
  const dataSource = new DataSource(databaseOptions({ url: config.databaseOwnerUrl, poolSize: 2, applicationName: 'referral-desk-seed' }));
  await dataSource.initialize();
  try {
    for (const step of DEMO_SEED_STEPS) for (const line of await step.run(dataSource)) say(`${step.name}: ${line}`);
    say(DEMO_SEED_STEPS.length === 0 ? 'demo seed: nothing to seed yet' : 'demo seed done');
  } finally {
    await dataSource.destroy();
  }
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
      return seed(config);
    default:
      throw new Error(USAGE);
  }
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  process.stderr.write(`[cli] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
