import { Foundation1764000000000 } from './1764000000000-foundation';

/**
 * Every migration, in order. Listed explicitly because the bundled apps cannot glob;
 * a test checks this list against the folder so a generated migration is never forgotten.
 */
export const MIGRATIONS = [Foundation1764000000000];
