import type { components } from '../../api/schema';
import { URGENCIES, type Unit, type UnitKind, type Urgency } from './vocabulary';

type Schemas = components['schemas'];

/** A unit or centre as its form holds it: text as typed, deadlines possibly half filled in. */
export interface UnitDraft {
  kind: UnitKind | null;
  code: string;
  nameAr: string;
  nameEn: string;
  parentId: string | null;
  timeZone: string;
  officeLocation: string;
  active: boolean;
  services: Schemas['CentreService'][];
  caseCategories: Schemas['CaseCategory'][];
  hours: Record<Urgency, number | ''>;
}

const NO_HOURS: Record<Urgency, ''> = { low: '', medium: '', high: '', critical: '' };

export function draftOf(unit: Unit | null): UnitDraft {
  return {
    kind: unit?.kind ?? null,
    code: unit?.code ?? '',
    nameAr: unit?.nameAr ?? '',
    nameEn: unit?.nameEn ?? '',
    parentId: unit?.parentId ?? null,
    timeZone: unit?.timeZone ?? 'Asia/Qatar',
    officeLocation: unit?.officeLocation ?? '',
    active: unit?.active ?? true,
    services: unit?.services ?? [],
    caseCategories: unit?.caseCategories ?? [],
    hours: unit?.acceptanceHours ?? NO_HOURS,
  };
}

/** The four deadlines, none (null), or 'incomplete' when only some are filled in. */
export function hoursOf(draft: UnitDraft): Schemas['AcceptanceHours'] | null | 'incomplete' {
  const filled = URGENCIES.filter((urgency) => draft.hours[urgency] !== '');
  if (filled.length === 0) return null;
  if (filled.length < URGENCIES.length) return 'incomplete';
  return { low: Number(draft.hours.low), medium: Number(draft.hours.medium), high: Number(draft.hours.high), critical: Number(draft.hours.critical) };
}

/**
 * The fields both a creation and a change send. Services, categories and deadlines belong to partner
 * centres only (else CENTRE_FIELDS_ON_NON_CENTRE): another kind sends none of them.
 */
export function unitFields(draft: UnitDraft, hours: Schemas['AcceptanceHours'] | null) {
  const centre = draft.kind === 'partner_centre' ? { services: draft.services, caseCategories: draft.caseCategories, acceptanceHours: hours } : {};
  return {
    nameAr: draft.nameAr.trim(),
    nameEn: draft.nameEn.trim(),
    parentId: draft.parentId,
    timeZone: draft.timeZone.trim(),
    officeLocation: draft.officeLocation.trim() || null,
    ...centre,
  };
}
