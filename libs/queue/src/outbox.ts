import { Global, Injectable, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock, RequestContext } from '@app/core';
import { execute, TransactionRunner } from '@app/database';

/** Who a notification is for, as a code resolved to people when it is delivered (never user ids). */
export const OutboxAudience = {
  /** The receiving centre's office (its counsellors and managers). */
  CentreOffice: 'centre_office',
  CentreManagers: 'centre_managers',
  /** The officer assigned to the case. */
  AssignedOfficer: 'assigned_officer',
  /** The supervisors of the referring unit. */
  UnitSupervisors: 'unit_supervisors',
} as const;
export type OutboxAudience = (typeof OutboxAudience)[keyof typeof OutboxAudience];

/**
 * A notification intent. It names the record by type and id only: the processor reloads the record
 * and re-checks access, so no name, narrative or number ever travels through Redis.
 */
export interface OutboxMessage {
  /** `record.event`, e.g. `referral.sent`. */
  event: string;
  recordType: string;
  recordId: string;
  audiences: readonly OutboxAudience[];
}

const EVENT = /^[a-z_]+\.[a-z_]+$/;
const RECORD_TYPE = /^[a-z_]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const AUDIENCES = new Set<string>(Object.values(OutboxAudience));

/** Refuses anything but the id-only shape before it reaches SQL. */
export function assertOutboxMessage(message: OutboxMessage): void {
  if (!EVENT.test(message.event)) throw new Error(`Outbox event must look like record.event: ${message.event}`);
  if (!RECORD_TYPE.test(message.recordType)) throw new Error(`Outbox record type must be lower case: ${message.recordType}`);
  if (!UUID.test(message.recordId)) throw new Error('Outbox record id must be a UUID');
  if (message.audiences.length === 0 || message.audiences.some((audience) => !AUDIENCES.has(audience))) {
    throw new Error(`Outbox audiences must be among ${[...AUDIENCES].join(', ')}`);
  }
}

/**
 * Writes notification intents inside the use case's transaction (it refuses to run outside one), so
 * a rolled-back change notifies nobody and a committed one is never lost, even while Redis is down.
 * Nothing enqueues notifications directly: the worker's relay moves committed rows to BullMQ.
 */
@Injectable()
export class OutboxWriter {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly context: RequestContext,
  ) {}

  async write(message: OutboxMessage): Promise<string> {
    assertOutboxMessage(message);
    const id = randomUUID();
    const correlationId = this.context.correlationId?.replace(/[^A-Za-z0-9:._-]/g, '_').slice(0, 100) || null;
    await execute(
      this.tx.manager,
      `INSERT INTO outbox (id, event, record_type, record_id, audiences, created_at, correlation_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, message.event, message.recordType, message.recordId, [...new Set(message.audiences)], this.clock.now(), correlationId],
    );
    return id;
  }
}

@Global()
@Module({ providers: [OutboxWriter], exports: [OutboxWriter] })
export class OutboxModule {}
