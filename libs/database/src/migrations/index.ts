import { Foundation1764000000000 } from './1764000000000-foundation';
import { Identity1764100000000 } from './1764100000000-identity';
import { AuditTrail1764200000000 } from './1764200000000-audit-trail';
import { LockoutEndsSessions1764300000000 } from './1764300000000-lockout-ends-sessions';

/**
 * Every migration, in order. Listed explicitly because the bundled apps cannot glob;
 * a test checks this list against the folder so a generated migration is never forgotten.
 */
export const MIGRATIONS = [Foundation1764000000000, Identity1764100000000, AuditTrail1764200000000, LockoutEndsSessions1764300000000];
