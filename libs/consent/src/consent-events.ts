import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@app/database';

/**
 * A change to the ledger that may end what relied on it. Ids and codes only. Published inside the
 * transaction that makes the change; referrals subscribe and withdraw, or re-check, what relied on it.
 */
export interface ConsentLedgerEvent {
  type: 'consent.withdrawn' | 'consent.superseded' | 'consent.lapsed' | 'legal_basis.rejected' | 'legal_basis.lapsed';
  caseId: string;
  /** The consent record or legal basis that changed. */
  recordId: string;
  /** For a superseded record: the record that replaced it. */
  replacedBy?: string;
}

export type ConsentLedgerListener = (event: ConsentLedgerEvent) => Promise<void>;

/**
 * In-process, synchronous within the transaction: every listener runs, in the order subscribed,
 * before the change commits, and a listener that throws rolls the change back. Nothing goes through
 * Redis, so access ends even while the queue is down. The consent lib defines the events and never
 * imports who listens.
 */
@Injectable()
export class ConsentEvents {
  private readonly listeners: ConsentLedgerListener[] = [];

  constructor(private readonly tx: TransactionRunner) {}

  subscribe(listener: ConsentLedgerListener): void {
    this.listeners.push(listener);
  }

  async publish(event: ConsentLedgerEvent): Promise<void> {
    void this.tx.manager; // throws outside a transaction: an event must never outlive a rolled-back change
    for (const listener of this.listeners) await listener(event);
  }
}
