import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Actor, RecordNotFoundException, RequestContext } from '@app/core';

const MINT = Symbol('scope-mint');

/**
 * Proof that the current actor may read records of one unit. Only the access service can make one
 * (its constructor needs a symbol private to this file), so a repository method that takes a
 * UnitScope cannot be called with an unchecked id.
 */
export class UnitScope {
  constructor(
    mint: typeof MINT,
    readonly unitId: string,
  ) {
    if (mint !== MINT) throw new Error('UnitScope is minted by AccessService only');
  }
}

/**
 * Record-scope questions, answered against the data. A miss is a 404 with the same body as a record
 * that does not exist, so existence does not leak.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly context: RequestContext,
    private readonly audit: AuditTrail,
  ) {}

  actor(): Actor {
    const actor = this.context.actor;
    if (!actor) throw new RecordNotFoundException();
    return actor;
  }

  /** Your own unit, and nothing else: the unit hierarchy grants nothing. A miss is recorded. */
  async ownUnitScope(unitId: string): Promise<UnitScope> {
    if (this.actor().unitId !== unitId) throw await this.audit.notFound('unit', unitId);
    return new UnitScope(MINT, unitId);
  }
}
