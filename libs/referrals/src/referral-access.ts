import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, UserActor } from '@app/core';
import { AccessService, RecordScope } from '@app/identity';
import { ReferralActor } from './lifecycle';
import { ReferralPermission } from './permissions';
import { ReferralRecord, ReferralRepository } from './referral.repository';

/**
 * The referrals lib's record rules: police reach the referrals of the cases they read; a centre its
 * own, never after a decline or withdrawal, and while active only as long as the consent it relied on
 * is valid at the clock. Anything else is a 404, the same as a referral that does not exist.
 */
@Injectable()
export class ReferralAccess implements OnModuleInit {
  constructor(
    private readonly access: AccessService,
    private readonly referrals: ReferralRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.access.register(ReferralPermission.ReadPolice, 'referral', (_actor, ids) => this.referrals.visibleToPolice(ids));
    this.access.register(ReferralPermission.ReadCentre, 'referral', (actor, ids) => this.referrals.visibleToCentre(ids, actor.unitId, this.clock.now()));
  }

  /** The scope for acting on a referral, as the centre (counsellors, managers) or as the police. */
  referralScope(id: string): Promise<RecordScope<'referral'>> {
    return this.access.require(this.isCentre() ? ReferralPermission.ReadCentre : ReferralPermission.ReadPolice, 'referral', id);
  }

  isCentre(actor: UserActor = this.access.actor()): boolean {
    return actor.permissions.includes(ReferralPermission.ReadCentre);
  }

  /** Who the caller is to this referral, for the transitions table. */
  actorsOf(referral: Pick<ReferralRecord, 'referringUnitId' | 'centreId' | 'holderUserId'>, actor: UserActor = this.access.actor()): ReferralActor[] {
    const has = (permission: string) => actor.permissions.includes(permission);
    const actors: ReferralActor[] = [];
    if (actor.unitId === referral.referringUnitId) {
      if (has(ReferralPermission.Withdraw)) actors.push('referring_officer');
      if (has(ReferralPermission.Redirect)) actors.push('referring_supervisor');
    }
    if (actor.unitId === referral.centreId) {
      if (has(ReferralPermission.Handle)) actors.push('centre_counsellor');
      if (referral.holderUserId === actor.userId) actors.push('holder');
      if (has(ReferralPermission.Assign)) actors.push('centre_manager');
    }
    return actors;
  }
}
