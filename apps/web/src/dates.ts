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

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The api accepts times from 2000 to 2200; a date outside is ignored rather than sent to fail. */
const EARLIEST_YEAR = 2000;
const LATEST_YEAR = 2199;

/** How far ahead of UTC the zone's wall clock is at an instant, in milliseconds. */
function zoneOffset(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(at))
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(at / 1000) * 1000;
}

/** Midnight at the start of a calendar day (`YYYY-MM-DD`, plus `addDays`) in a time zone, as an ISO time; undefined for no such date. */
export function startOfDay(date: string | null | undefined, timeZone: string, addDays = 0): string | undefined {
  const match = DATE.exec(date ?? '');
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day + addDays);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || year < EARLIEST_YEAR || year > LATEST_YEAR) return undefined;
  // The offset at the guess, then again at the result (a zone that changes its clock that day).
  let at = wall - zoneOffset(wall, timeZone);
  const again = wall - zoneOffset(at, timeZone);
  if (again !== at) at = again;
  return new Date(at).toISOString();
}

/** The last minute of a calendar day (`YYYY-MM-DD`) in a time zone, as an ISO time: an expiry "on" that day. */
export function endOfDay(date: string, timeZone: string): string | undefined {
  const next = startOfDay(date, timeZone, 1);
  return next && new Date(Date.parse(next) - 60_000).toISOString();
}
