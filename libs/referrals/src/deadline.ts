import { instantOf, isoDate, isoWeekday, LocalDate, localDateOf, nextDate } from './zoned-time';

/** A centre's office day, as minutes after local midnight: [opens, closes). */
export interface OfficeHours {
  opens: number;
  closes: number;
}

export interface DeadlineRules {
  /** The centre's IANA time zone: its office hours and holidays are its own. */
  timeZone: string;
  officeHours: OfficeHours;
  /** ISO weekdays the offices work (1 Monday … 7 Sunday); Qatar works Sunday to Thursday. */
  workingDays: readonly number[];
  /** Local dates (YYYY-MM-DD) the offices are closed. */
  holidays: ReadonlySet<string>;
}

export interface AcceptanceWindow {
  hours: number;
  /** Counted round the clock (critical by default), not over office hours. */
  calendarHours: boolean;
}

const MINUTE = 60_000;
/** A deadline further than this is a configuration with no working time at all (every day a holiday). */
const MAX_DAYS_SCANNED = 3 * 366;

/** "07:00" → 420. */
export function minutesOf(time: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`not a time of day: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * When a referral sent at `sentAt` must have been accepted: `hours` later on the clock for calendar
 * hours, else `hours` of the centre's office time (working days, office hours, not holidays), counted
 * in the centre's own time zone. A deadline falling at closing time is that closing time.
 */
export function acceptanceDeadline(sentAt: Date, window: AcceptanceWindow, rules: DeadlineRules): Date {
  if (window.calendarHours) return new Date(sentAt.getTime() + window.hours * 60 * MINUTE);
  let remaining = window.hours * 60 * MINUTE;
  let day: LocalDate = localDateOf(sentAt, rules.timeZone);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned += 1, day = nextDate(day)) {
    if (!isOfficeDay(day, rules)) continue;
    const opens = instantOf(day, rules.officeHours.opens, rules.timeZone).getTime();
    const closes = instantOf(day, rules.officeHours.closes, rules.timeZone).getTime();
    const from = Math.max(opens, sentAt.getTime());
    if (from >= closes) continue;
    if (remaining <= closes - from) return new Date(from + remaining);
    remaining -= closes - from;
  }
  throw new Error('no office time within three years: check the working days and holidays');
}

const isOfficeDay = (day: LocalDate, rules: DeadlineRules) => rules.workingDays.includes(isoWeekday(day)) && !rules.holidays.has(isoDate(day));
