import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { isUserActor, RecordNotFoundException, RequestContext, UserActor } from '@app/core';
import { SqlExecutor, TransactionRunner } from '@app/database';

const MINT = Symbol('record-scope-mint');

/**
 * Proof that the current actor may act on these records with this permission. Only the access
 * service can make one (its constructor needs a symbol private to this file), so a confidential
 * repository method that takes a RecordScope cannot be called with an unchecked id.
 */
export class RecordScope<T extends string = string> {
  constructor(
    mint: typeof MINT,
    readonly objectType: T,
    readonly ids: readonly string[],
    readonly permission: string,
  ) {
    if (mint !== MINT) throw new Error('RecordScope is minted by AccessService only');
  }

  /** The one record of a single-record scope. */
  get id(): string {
    if (this.ids.length !== 1) throw new Error(`This ${this.objectType} scope holds ${this.ids.length} records, not one`);
    return this.ids[0];
  }
}

/**
 * Which of `ids` the actor may reach with the permission, answered against the data (inside the
 * caller's transaction, under row-level security). Capability libs register one per permission and
 * object type.
 */
export type RecordAccessCheck = (actor: UserActor, ids: readonly string[], executor: SqlExecutor) => Promise<Iterable<string>>;

/**
 * Record-scope questions, answered in one place. A miss is a 404 with the same body as a record
 * that does not exist, so existence does not leak, and each missed id is recorded as access.not_found.
 */
@Injectable()
export class AccessService {
  private readonly checks = new Map<string, RecordAccessCheck>();

  constructor(
    private readonly context: RequestContext,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
  ) {}

  /** For capability libs, at module init: how to decide `permission` on records of `objectType`. */
  register(permission: string, objectType: string, check: RecordAccessCheck): void {
    const key = `${permission} ${objectType}`;
    if (this.checks.has(key)) throw new Error(`An access check for ${key} is already registered`);
    this.checks.set(key, check);
  }

  actor(): UserActor {
    const actor = this.context.actor;
    if (!isUserActor(actor)) throw new RecordNotFoundException();
    return actor;
  }

  /**
   * The scope for acting on `ids` with `permission`, or a 404 when any of them is out of reach: the
   * actor's roles do not grant the permission, the record is missing, or it lies outside their scope.
   */
  async require<T extends string>(permission: string, objectType: T, ids: string | readonly string[]): Promise<RecordScope<T>> {
    const requested = [...new Set(typeof ids === 'string' ? [ids] : ids)];
    const check = this.checks.get(`${permission} ${objectType}`);
    if (!check) throw new Error(`No access check is registered for ${permission} on ${objectType}`);
    const actor = this.actor();
    const allowed = actor.permissions.includes(permission) ? new Set(await this.tx.run((manager) => check(actor, requested, manager))) : new Set<string>();
    const missed = requested.filter((id) => !allowed.has(id));
    if (requested.length === 0 || missed.length > 0) {
      for (const id of missed) await this.audit.recordSeparately({ action: 'access.not_found', outcome: 'denied', objectType, objectId: id });
      throw new RecordNotFoundException();
    }
    return new RecordScope(MINT, objectType, requested, permission);
  }
}
