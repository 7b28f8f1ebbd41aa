import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccessService, RecordScope } from '@app/identity';
import { CaseRepository } from './case.repository';
import { CasePermission, PersonPermission } from './permissions';
import { PersonRepository } from './person.repository';

/**
 * The cases lib's record rules, registered with the access service: a case is read by the desk officer
 * who opened it or is assigned to it, and by every supervisor of its unit (row-level security answers
 * both, in the same transaction); a person by whoever reads a case with them as a subject, or recorded them.
 */
@Injectable()
export class CaseAccess implements OnModuleInit {
  constructor(
    private readonly access: AccessService,
    private readonly cases: CaseRepository,
    private readonly persons: PersonRepository,
  ) {}

  onModuleInit(): void {
    for (const permission of [CasePermission.ReadOwn, CasePermission.ReadUnit]) {
      this.access.register(permission, 'case', (_actor, ids) => this.cases.visibleIds(ids));
    }
    for (const permission of [PersonPermission.Read, PersonPermission.Update, PersonPermission.Reveal]) {
      this.access.register(permission, 'person', (actor, ids) => this.persons.readableIds(ids, actor.userId));
    }
    // Linking an existing person to a case (from the duplicate suggestions): any person of the unit.
    this.access.register(PersonPermission.Suggest, 'person', (_actor, ids) => this.persons.inUnit(ids));
  }

  /** The scope for acting on a case: the unit-wide one for supervisors, the own-or-assigned one for desk officers. */
  caseScope(id: string): Promise<RecordScope<'case'>> {
    const unitWide = this.access.actor().permissions.includes(CasePermission.ReadUnit);
    return this.access.require(unitWide ? CasePermission.ReadUnit : CasePermission.ReadOwn, 'case', id);
  }
}
