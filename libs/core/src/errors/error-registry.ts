import { HttpStatus } from '@nestjs/common';

export interface RegisteredErrorCode {
  code: string;
  status: number;
  /** The lib (or app) that answers it. */
  owner: string;
}

const registry = new Map<string, RegisteredErrorCode>();

/**
 * Declares the error codes a lib can answer, each with its HTTP status: the one list the web UI
 * translates and the OpenAPI document publishes. A code means one thing: declaring it twice with
 * another status or owner is a programming error, refused at load time.
 */
export function defineErrorCodes<const T extends Record<string, HttpStatus>>(owner: string, codes: T): { readonly [K in keyof T]: K } {
  for (const [code, status] of Object.entries(codes)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new Error(`Error code ${code} must be upper case with underscores`);
    const existing = registry.get(code);
    if (existing && (existing.status !== status || existing.owner !== owner)) {
      throw new Error(`Error code ${code} is already declared by ${existing.owner} with status ${existing.status}`);
    }
    registry.set(code, { code, status, owner });
  }
  return Object.fromEntries(Object.keys(codes).map((code) => [code, code])) as { readonly [K in keyof T]: K };
}

/** Every declared code, sorted (for the OpenAPI document and the registry test). */
export function registeredErrorCodes(): RegisteredErrorCode[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** One declared code with its status and owner; throws when the code is not declared. */
export function registeredErrorCode(code: string): RegisteredErrorCode {
  const entry = registry.get(code);
  if (!entry) throw new Error(`Error code ${code} is not declared: add it to its lib's defineErrorCodes()`);
  return entry;
}

/** Throws when a code is not declared, or declared with another status: an answer the UI could not translate. */
export function assertRegisteredErrorCode(code: string, status: number): void {
  const entry = registeredErrorCode(code);
  if (entry.status !== status) throw new Error(`Error code ${code} is declared with status ${entry.status}, not ${status}`);
}
