/**
 * Dates as the users read them: Gregorian with the Umm al-Qura Hijri date beside it, in the unit's time
 * zone, Latin digits throughout (one digit system for the whole UI, as Mantine's calendar shows).
 */
export function formatDateTime(iso: string, language: 'ar' | 'en', timeZone: string): { gregorian: string; hijri: string } {
  const at = new Date(iso);
  const locale = language === 'ar' ? 'ar' : 'en-GB';
  const gregorian = new Intl.DateTimeFormat(`${locale}-u-ca-gregory-nu-latn`, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);
  const hijri = new Intl.DateTimeFormat(`${locale}-u-ca-islamic-umalqura-nu-latn`, { dateStyle: 'long', timeZone }).format(at);
  return { gregorian, hijri };
}
