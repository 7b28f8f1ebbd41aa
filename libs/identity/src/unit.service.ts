import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Clock, DomainException } from '@app/core';
import { PageRequest, TransactionRunner } from '@app/database';
import { AccessService } from './access.service';
import { IdentityErrorCode, ruleBroken } from './identity.exception';
import { IdentityPermission, UnitKind } from './permissions';
import { SecurityEvents } from './security-events';
import { UnitFields, unitFieldsOf, UnitRepository, UnitRow } from './unit.repository';
import { UserRepository, UserRow } from './user.repository';

/** Units and centres: reference data everyone signed in reads; administrators maintain them. */
@Injectable()
export class UnitService {
  constructor(
    private readonly units: UnitRepository,
    private readonly users: UserRepository,
    private readonly access: AccessService,
    private readonly events: SecurityEvents,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  list(filter: { kind?: string }, page: PageRequest) {
    return this.tx.run(() => this.units.list(filter, page));
  }

  get(id: string): Promise<UnitRow> {
    return this.tx.run(async () => {
      const unit = await this.units.findById(id);
      if (!unit) throw await this.audit.notFound('unit', id);
      return unit;
    });
  }

  /** The active members of the caller's own unit; any other unit is a 404, recorded as such. */
  async members(unitId: string): Promise<UserRow[]> {
    const scope = await this.access.require(IdentityPermission.UnitMembersRead, 'unit', unitId);
    return this.tx.run(async () => {
      const members = await this.users.listMembers(scope);
      await this.events.record({ type: 'unit.members_viewed', outcome: 'success', unitId, detail: { returned: members.length } });
      return members;
    });
  }

  create(fields: UnitFields): Promise<UnitRow> {
    this.assertCentreFieldsFit(fields);
    return this.tx.run(async () => {
      await this.assertParentFits(null, fields.kind, fields.parentId);
      const created = await this.units.insert(fields, this.clock.now());
      if (!created) throw new DomainException(IdentityErrorCode.UNIT_CODE_TAKEN, HttpStatus.CONFLICT, 'That unit code is taken');
      await this.events.record({ type: 'unit.created', outcome: 'success', unitId: created.id, detail: { kind: created.kind } });
      return created;
    });
  }

  update(id: string, version: number, changes: Partial<UnitFields>): Promise<UnitRow> {
    return this.tx.run(async () => {
      const current = await this.get(id);
      this.assertCentreFieldsFit({ ...unitFieldsOf(current), ...changes });
      if (changes.parentId !== undefined) await this.assertParentFits(id, current.kind, changes.parentId);
      const updated = await this.units.update(id, version, this.clock.now(), changes);
      if (!updated) throw await this.audit.notFound('unit', id);
      await this.events.record({ type: 'unit.updated', outcome: 'success', unitId: id, detail: { fields: Object.keys(changes) } });
      return updated;
    });
  }

  private assertCentreFieldsFit(fields: Pick<UnitFields, 'kind' | 'services' | 'caseCategories' | 'acceptanceHours' | 'officeOpens' | 'officeCloses'>): void {
    if (fields.officeOpens >= fields.officeCloses) {
      throw ruleBroken(IdentityErrorCode.OFFICE_HOURS_ORDER, 'The office closes after it opens', 'officeCloses');
    }
    const hasCentreFields = fields.services.length > 0 || fields.caseCategories.length > 0 || fields.acceptanceHours !== null;
    if (fields.kind !== UnitKind.PartnerCentre && hasCentreFields) {
      throw ruleBroken(IdentityErrorCode.CENTRE_FIELDS_ON_NON_CENTRE, 'Services, case categories and deadlines belong to partner centres only', 'kind');
    }
  }

  /**
   * A parent exists, is a unit of the same kind (police units under police units, centres under
   * centres), and is not the unit itself or one of its descendants: the hierarchy stays a tree.
   */
  private async assertParentFits(unitId: string | null, kind: string, parentId: string | null): Promise<void> {
    if (!parentId) return;
    const ancestry = await this.units.ancestryOf(parentId);
    if (ancestry.length === 0) throw ruleBroken(IdentityErrorCode.UNIT_NOT_FOUND, 'No such parent unit', 'parentId');
    if (ancestry[0].kind !== kind) throw ruleBroken(IdentityErrorCode.UNIT_PARENT_INVALID, 'A unit sits under a unit of its own kind', 'parentId');
    if (unitId && ancestry.some((unit) => unit.id === unitId)) {
      throw ruleBroken(IdentityErrorCode.UNIT_PARENT_INVALID, 'A unit cannot sit under itself or one of its own units', 'parentId');
    }
  }
}
