import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditTrail, SearchTermKind, SearchTerms } from '@app/audit';
import { AppConfig } from '@app/core';
import { canonicalDocumentNumber, e164 } from './identifiers';
import { arabicSearchKey, latinSearchKey } from './names';

/** One identifying term of a search, by kind; undefined when not given. */
export type SearchTerm = readonly [SearchTermKind, string | undefined];

/**
 * Records searches in the trail as term kinds and keyed hashes of the normalised terms (never the
 * terms), and teaches the audit lib to normalise each kind the same way for the auditors' "who searched
 * for this" question.
 */
@Injectable()
export class SearchAudit implements OnModuleInit {
  constructor(
    private readonly terms: SearchTerms,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.terms.register('name', (term) => latinSearchKey(arabicSearchKey(term)) || undefined);
    this.terms.register('documentNumber', (term) => canonicalDocumentNumber(term) || undefined);
    this.terms.register('phone', (term) => e164(term, this.config.phoneDefaultRegion));
    this.terms.register('reference', (term) => term.trim().toUpperCase() || undefined);
  }

  /** Each term on its own (two names typed are two hashes, so either alone is found again). */
  record(action: string, terms: SearchTerm[], returned: number, filters: string[] = []): Promise<void> {
    return this.audit.record({ action, detail: { ...this.terms.detailOf(terms, returned), filters: filters.sort() } });
  }
}
