import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DemoCredential, DemoSeedStep } from '@app/database';
import { casesDemoSeed } from '@app/cases';
import { consentDemoSeed } from '@app/consent';
import { identityDemoSeed } from '@app/identity';

/** Steps run in order; each capability adds its own, each idempotent so the seed runs on every start. */
export const DEMO_SEED_STEPS: DemoSeedStep[] = [identityDemoSeed, casesDemoSeed, consentDemoSeed];

/** New demo credentials join the file (mode 0600); existing entries are kept, passwords are never re-shown. */
export function saveCredentials(file: string, created: DemoCredential[]): void {
  const existing: DemoCredential[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const merged = [...existing.filter((entry) => !created.some((fresh) => fresh.username === entry.username)), ...created];
  writeFileSync(file, JSON.stringify(merged, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
}
