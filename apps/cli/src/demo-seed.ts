import { DataSource } from 'typeorm';

/**
 * One step of the demo seed. Each capability adds its own (units and centres, demo users, …);
 * every step is idempotent, so the seed can run on every start.
 */
export interface DemoSeedStep {
  name: string;
  run(dataSource: DataSource): Promise<string[]>;
}

/** Steps run in order; the foundation has none yet, Identity adds units, centres and one user per role. */
export const DEMO_SEED_STEPS: DemoSeedStep[] = [];
