import { Injectable } from '@nestjs/common';
import { KeyedHasher } from '@app/core';

/** The kinds of identifying terms searches are asked by (capability libs register how each is normalised). */
export const SEARCH_TERM_KINDS = ['name', 'documentNumber', 'phone', 'reference'] as const;
export type SearchTermKind = (typeof SEARCH_TERM_KINDS)[number];

/** Turns a typed term into the form searches compare (E.164 for a phone, a name's search key); undefined when it is no such term. */
export type TermNormaliser = (term: string) => string | undefined;

/**
 * Searches are audited with the kinds of their terms and keyed hashes of the normalised terms, never
 * the terms (DESIGN), so an auditor holding a phone or a QID can ask who searched for it: the same
 * normaliser and hash, on the server. Capability libs register the normaliser of each kind they search by.
 */
@Injectable()
export class SearchTerms {
  private readonly normalisers = new Map<string, TermNormaliser>();

  constructor(private readonly hasher: KeyedHasher) {}

  register(kind: SearchTermKind, normalise: TermNormaliser): void {
    if (this.normalisers.has(kind)) throw new Error(`A search term kind ${kind} is already registered`);
    this.normalisers.set(kind, normalise);
  }

  kinds(): string[] {
    return [...this.normalisers.keys()];
  }

  /** The hash an audited search stored for this term, or undefined when the kind is unknown or the term is not one. */
  hash(kind: string, term: string): string | undefined {
    const normalised = this.normalisers.get(kind)?.(term);
    return normalised ? this.hasher.hash(`search.${kind}`, normalised) : undefined;
  }

  /** `detail` of a search's audit event: which kinds were used and their hashes (nothing when a term was not usable). */
  detailOf(
    terms: ReadonlyArray<readonly [SearchTermKind, string | undefined]>,
    returned: number,
  ): { termKinds: string[]; termHashes: string[]; returned: number } {
    const used = terms.filter((entry): entry is readonly [SearchTermKind, string] => !!entry[1]);
    return {
      termKinds: [...new Set(used.map(([kind]) => kind))].sort(),
      termHashes: used.flatMap(([kind, term]) => this.hash(kind, term) ?? []),
      returned,
    };
  }
}
