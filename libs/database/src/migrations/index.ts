import { Foundation1764000000000 } from './1764000000000-foundation';
import { Identity1764100000000 } from './1764100000000-identity';
import { AuditTrail1764200000000 } from './1764200000000-audit-trail';
import { AccessModel1764250000000 } from './1764250000000-access-model';
import { Outbox1764260000000 } from './1764260000000-outbox';
import { PrivilegedApprovals1764270000000 } from './1764270000000-privileged-approvals';
import { LockoutEndsSessions1764300000000 } from './1764300000000-lockout-ends-sessions';
import { SessionResume1764310000000 } from './1764310000000-session-resume';
import { NameSearchKeys1764400000000 } from './1764400000000-name-search-keys';
import { CasesAndPersons1764410000000 } from './1764410000000-cases-and-persons';
import { PersonLookup1764420000000 } from './1764420000000-person-lookup';
import { ConsentLedger1764430000000 } from './1764430000000-consent-ledger';
import { OfficeHolidays1764440000000 } from './1764440000000-office-holidays';
import { Referrals1764450000000 } from './1764450000000-referrals';

/**
 * Every migration, in order. Listed explicitly because the bundled apps cannot glob;
 * a test checks this list against the folder so a generated migration is never forgotten.
 */
export const MIGRATIONS = [
  Foundation1764000000000,
  Identity1764100000000,
  AuditTrail1764200000000,
  AccessModel1764250000000,
  Outbox1764260000000,
  PrivilegedApprovals1764270000000,
  LockoutEndsSessions1764300000000,
  SessionResume1764310000000,
  NameSearchKeys1764400000000,
  CasesAndPersons1764410000000,
  PersonLookup1764420000000,
  ConsentLedger1764430000000,
  OfficeHolidays1764440000000,
  Referrals1764450000000,
];
