import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DocumentType } from './vocabulary';

const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** Arabic-Indic and Persian digits as 0–9: people type QIDs and phones in either. */
export const latinDigits = (text: string): string =>
  text.replace(EASTERN_DIGITS, (digit) => String((digit.charCodeAt(0) - (digit.charCodeAt(0) >= 0x06f0 ? 0x06f0 : 0x0660)) % 10));

/** Qatar ID: 11 digits starting with 2 or 3 (no public check digit). */
export const QATAR_ID = /^[23]\d{10}$/;
const OTHER_DOCUMENT = /^[A-Z0-9-]{4,32}$/;

/** A document number as stored and hashed, whatever its type: Latin digits, no spaces, upper case. */
export const canonicalDocumentNumber = (raw: string): string =>
  latinDigits(raw)
    .replace(/[\s\u00A0]/g, '')
    .toUpperCase();

/** The canonical number when it is well-formed for its type, else undefined. */
export function normalisedDocumentNumber(type: DocumentType, raw: string): string | undefined {
  const value = canonicalDocumentNumber(raw);
  if (type === 'qatar_id') return QATAR_ID.test(value) ? value : undefined;
  if (type === 'iraqi_national_card') return /^\d{12}$/.test(value) ? value : undefined;
  return OTHER_DOCUMENT.test(value) ? value : undefined;
}

/** A phone in E.164 (`+97455123456`), read in the configured region when it has no country code; undefined when invalid. */
export function e164(raw: string, defaultRegion: string): string | undefined {
  const parsed = parsePhoneNumberFromString(latinDigits(raw), { defaultCountry: defaultRegion as CountryCode });
  return parsed && parsed.isValid() ? parsed.number : undefined;
}

/** Keyed-hash purposes: one hash space per kind of look-up. */
export const LOOKUP = { document: 'person.document', phone: 'person.phone' } as const;
