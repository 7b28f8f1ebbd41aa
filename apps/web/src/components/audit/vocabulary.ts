import type { components } from '../../api/schema';
import { startOfDay } from '../../dates';

type Schemas = components['schemas'];
export type AuditEvent = Schemas['AuditEventView'];
export type Verification = Schemas['VerificationResultView'];

/**
 * The audit action codes the api records (libs/* `@Audited(...)`, `audit.record({ action })` and the
 * identity lib's security events), by area: the filter offers these, and each has a translation under
 * `audit.actions.*`. An action not listed here is still shown, as its code.
 */
export const ACTIONS = {
  sign_in: ['succeeded', 'failed', 'second_factor_failed', 'throttled'],
  account: ['created', 'updated', 'locked', 'unlocked', 'disabled', 'enabled'],
  second_factor: ['enrolment_started', 'enrolled'],
  recovery_code: ['used'],
  session: ['signed_out', 'signed_out_everywhere'],
  password: ['changed', 'change_failed', 'reauthentication_failed', 'reset'],
  role: ['changed'],
  access: ['denied', 'not_found'],
  unit: ['created', 'updated', 'members_viewed'],
  user: ['listed', 'viewed'],
  approval: ['requested', 'approved', 'rejected', 'listed', 'viewed'],
  audit: ['viewed', 'security_events_viewed', 'term_searched', 'verified'],
  case: [
    'created',
    'listed',
    'viewed',
    'searched',
    'revealed',
    'updated',
    'subject_added',
    'subject_removed',
    'timeline_viewed',
    'closed',
    'reopened',
    'escalated',
    'referred',
    'in_service',
    'referrals_ended',
    'reassigned',
  ],
  person: ['created', 'viewed', 'searched', 'suggestions_viewed', 'revealed', 'updated'],
  consent: ['recorded', 'withdrawn', 'listed', 'viewed', 'revealed', 'sharing_checked', 'lapses_announced'],
  legal_basis: ['requested', 'approved', 'rejected', 'listed', 'viewed', 'revealed'],
} as const;
export type ActionArea = keyof typeof ACTIONS;

/** The areas of the security events (the api's SECURITY_ACTION_PREFIXES). */
export const SECURITY_AREAS: readonly ActionArea[] = ['sign_in', 'account', 'session', 'password', 'role', 'second_factor', 'recovery_code', 'access'];
/** The areas a case's own trail can hold (its events carry the case id). */
export const CASE_AREAS: readonly ActionArea[] = ['case', 'consent', 'legal_basis', 'access'];
export const ALL_AREAS = Object.keys(ACTIONS) as ActionArea[];

export const OBJECT_TYPES = ['case', 'person', 'consent', 'legal_basis', 'user', 'unit'] as const;
export const SECURITY_OBJECT_TYPES = ['user', 'unit'] as const;
export const CASE_OBJECT_TYPES = ['case', 'consent', 'legal_basis'] as const;

export const actionsOf = (area: ActionArea): string[] => ACTIONS[area].map((name) => `${area}.${name}`);

/** Whether an action code is one the UI knows (and so has a translation for). */
export function isKnownAction(code: string): boolean {
  const [area, name, ...rest] = code.split('.');
  return rest.length === 0 && area in ACTIONS && (ACTIONS[area as ActionArea] as readonly string[]).includes(name);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record id as people compare them at a glance: its first eight characters (the whole id is the title). */
export function shortId(id: string): string {
  return UUID.test(id) ? id.slice(0, 8) : id;
}

/** One entry of an event's detail, ready to show: ids shortened, lists split, nothing nested left raw. */
export interface DetailEntry {
  key: string;
  values: DetailValue[];
}
/** A value as recorded; `code` when it is a word the UI may have a translation for (a status, a role, yes or no). */
export interface DetailValue {
  text: string;
  code?: boolean;
}

/** Keyed hashes of search terms: they find the searches (the "who searched for" tab), they tell a reader nothing. */
const HIDDEN_DETAIL = new Set(['termHashes']);

function detailValue(value: unknown): DetailValue {
  if (typeof value === 'string') return UUID.test(value) ? { text: shortId(value) } : { text: value, code: true };
  if (typeof value === 'boolean') return { text: String(value), code: true };
  if (typeof value === 'number') return { text: String(value) };
  return { text: JSON.stringify(value) };
}

/** An event's detail (field names, codes, counts, state changes: never case content) as keys and values. */
export function detailEntries(detail: Record<string, unknown>): DetailEntry[] {
  return Object.entries(detail)
    .filter(([key, value]) => !HIDDEN_DETAIL.has(key) && value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => ({ key, values: (Array.isArray(value) ? value : [value]).map(detailValue) }));
}

/**
 * Where the words for a detail's codes are, by the detail's key: the first message that exists wins,
 * else the code is shown as recorded (a field name, a route).
 */
export const DETAIL_VOCABULARY: Readonly<Record<string, readonly string[]>> = {
  from: ['cases.statuses', 'roles'],
  to: ['cases.statuses', 'roles'],
  role: ['cases.roles'],
  roles: ['roles'],
  basis: ['legalBases.kinds'],
  dataCategories: ['legalBases.dataCategories'],
  services: ['consents.services_'],
  termKinds: ['audit.searches.kinds'],
  reason: ['audit.reasonCodes'],
  method: ['audit.methods'],
};

/** The trail's time filter for two calendar days of the unit's zone, both included (the api's `to` is exclusive). */
export function dayRange(from: string | null, to: string | null, timeZone: string): { from?: string; to?: string } {
  return { from: startOfDay(from, timeZone), to: startOfDay(to, timeZone, 1) };
}
