import { arabicSearchKey, latinSearchKey, nameSkeleton } from './names';

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;
const LATIN_LETTER = /[A-Za-z\u00C0-\u024F]/;

export interface NameTerms {
  /** Compared with Arabic names (same script). */
  arabicKey: string | null;
  /** Compared with Latin names (same script). */
  latinKey: string | null;
  /** The skeleton of an Arabic-script entry, compared with Latin names' skeletons (cross-script), and the reverse. */
  skeletonForLatin: string | null;
  skeletonForArabic: string | null;
}

/** The keys a typed name is looked up by, in its own script and across to the other one. */
export function nameTermsOf(typed: string): NameTerms {
  const arabic = ARABIC_LETTER.test(typed);
  const latin = LATIN_LETTER.test(typed);
  const skeleton = nameSkeleton(typed) || null;
  return {
    arabicKey: arabic ? arabicSearchKey(typed) || null : null,
    latinKey: latin ? latinSearchKey(typed) || null : null,
    skeletonForLatin: arabic ? skeleton : null,
    skeletonForArabic: latin ? skeleton : null,
  };
}

/** Whether `title` carries any word (3+ characters, not only digits) of a subject's name, in either script, however spelled. */
export function titleNamesSomeone(title: string, names: readonly (string | null)[]): boolean {
  const words = (key: string) => key.split(' ').filter((word) => word.length >= 3 && !/^\d+$/.test(word));
  const titleWords = new Set([...words(arabicSearchKey(title)), ...words(latinSearchKey(title))]);
  return names.some((name) => !!name && [...words(arabicSearchKey(name)), ...words(latinSearchKey(name))].some((word) => titleWords.has(word)));
}
