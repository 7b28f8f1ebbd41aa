import { Injectable } from '@nestjs/common';
import { UnitKind } from './permissions';
import { UnitRepository, UnitRow } from './unit.repository';
import { UserRepository } from './user.repository';

/** A partner centre as referrals need it: what it offers and accepts, and how its deadlines are counted. */
export interface CentreProfile {
  id: string;
  code: string;
  nameAr: string;
  nameEn: string;
  timeZone: string;
  services: string[];
  caseCategories: string[];
  /** Hours to accept a referral, per urgency (null: the deployment's defaults). */
  acceptanceHours: Record<string, number> | null;
  officeOpens: string;
  officeCloses: string;
  calendarHoursUrgencies: string[];
}

export interface Member {
  id: string;
  displayName: string;
  roles: string[];
}

const toCentre = (unit: UnitRow): CentreProfile => ({
  id: unit.id,
  code: unit.code,
  nameAr: unit.name_ar,
  nameEn: unit.name_en,
  timeZone: unit.time_zone,
  services: unit.services,
  caseCategories: unit.case_categories,
  acceptanceHours: unit.acceptance_hours,
  officeOpens: unit.office_opens,
  officeCloses: unit.office_closes,
  calendarHoursUrgencies: unit.calendar_hours_urgencies,
});

/**
 * What later capabilities ask of units and people, inside the caller's transaction (row-level
 * security applies: a user reads their own account, a manager their unit's members).
 */
@Injectable()
export class Directory {
  constructor(
    private readonly units: UnitRepository,
    private readonly users: UserRepository,
  ) {}

  /** An active partner centre, or undefined. */
  async activeCentre(id: string): Promise<CentreProfile | undefined> {
    const unit = await this.units.findById(id);
    return unit && unit.kind === UnitKind.PartnerCentre && unit.active ? toCentre(unit) : undefined;
  }

  async activeCentres(): Promise<CentreProfile[]> {
    const { items } = await this.units.list({ kind: UnitKind.PartnerCentre }, { page: 1, pageSize: 500 });
    return items.filter((unit) => unit.active).map(toCentre);
  }

  /** An active (not disabled, not locked) member of the unit the caller may see, or undefined. */
  async activeMember(unitId: string, userId: string): Promise<Member | undefined> {
    const user = await this.users.findById(userId);
    if (!user || user.unit_id !== unitId || user.disabled_at || user.locked_at) return undefined;
    return { id: user.id, displayName: user.display_name, roles: user.roles };
  }
}
