import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditPermission } from '@app/audit';
import { ConsentPermission } from '@app/consent';
import { ReferralPermission } from '@app/referrals';
import { SYSTEM_ROLE, SystemActor } from '@app/core';

/** What the worker's own jobs may do; the role table for people is composed in apps/api. */
export const SYSTEM_PERMISSIONS: readonly string[] = [AuditPermission.Seal, ConsentPermission.AnnounceLapses, ReferralPermission.Watch];

/**
 * The worker acts as the `system` actor: its own unit (created by a migration) and role, set through
 * the same transaction runner and request context as a person's, and recorded as such in the trail.
 */
@Injectable()
export class SystemActorSource implements OnApplicationBootstrap {
  private actor?: SystemActor;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const [row] = await this.dataSource.query('SELECT app.system_unit_id() AS id');
    if (!row?.id) throw new Error('The system unit is missing: run the migrations');
    this.actor = { kind: 'system', unitId: row.id, roles: [SYSTEM_ROLE], permissions: [...SYSTEM_PERMISSIONS] };
  }

  get(): SystemActor {
    if (!this.actor) throw new Error('The system actor is not known before the worker has booted');
    return this.actor;
  }
}
