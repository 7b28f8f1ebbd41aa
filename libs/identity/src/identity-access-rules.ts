import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccessService } from './access.service';
import { IdentityPermission } from './permissions';

/** Identity's record rules: unit members are readable for your own unit only (the hierarchy grants nothing). */
@Injectable()
export class IdentityAccessRules implements OnModuleInit {
  constructor(private readonly access: AccessService) {}

  onModuleInit(): void {
    this.access.register(IdentityPermission.UnitMembersRead, 'unit', async (actor, ids) => ids.filter((id) => id === actor.unitId));
  }
}
