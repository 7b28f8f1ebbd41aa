import { DataSource } from 'typeorm';

/** A demo account created by the seed, printed once and written to .data/demo-credentials.json. */
export interface DemoCredential {
  username: string;
  password: string;
  role: string;
  unit: string;
  totpSecret?: string;
}

export interface DemoSeedContext {
  now: Date;
  /** Encrypts a field as the apps do (the keys come from configuration). */
  encrypt(plaintext: string, context: string): string;
  /** A keyed look-up hash as the apps compute it (the key comes from configuration). */
  hash(purpose: string, value: string): string;
  credentials: DemoCredential[];
}

/** One idempotent step of the demo seed; each capability adds its own. Runs as the schema owner. */
export interface DemoSeedStep {
  name: string;
  run(dataSource: DataSource, context: DemoSeedContext): Promise<string[]>;
}
