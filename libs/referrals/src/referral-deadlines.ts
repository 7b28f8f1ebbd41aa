import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { CentreProfile } from '@app/identity';
import { acceptanceDeadline, minutesOf } from './deadline';
import { HolidayCalendar } from './holiday-calendar';
import { DeadlineState } from './vocabulary';
import { isoDate, localDateOf } from './zoned-time';

/** The deployment's defaults (DESIGN), for a centre that set none. */
export const DEFAULT_ACCEPTANCE_HOURS: Readonly<Record<string, number>> = { critical: 4, high: 24, medium: 48, low: 72 };

/** The reminder goes out when this share of the window has passed. */
const REMINDER_AT = 0.75;

export interface Deadlines {
  deadlineAt: Date;
  reminderAt: Date;
}

/** `7,1,2,3,4` → [7, 1, 2, 3, 4]. */
export const workingDaysOf = (setting: string): number[] => [...new Set(setting.split(',').map(Number))];

/**
 * When a referral sent now must be accepted, counted in the centre's own zone over its office hours
 * and the deployment's working week minus the holiday calendar (or round the clock for urgencies the
 * centre counts in calendar hours); and when to remind the centre before then.
 */
@Injectable()
export class ReferralDeadlines {
  constructor(
    private readonly calendar: HolidayCalendar,
    private readonly config: AppConfig,
  ) {}

  async forReferral(centre: CentreProfile, urgency: string, sentAt: Date): Promise<Deadlines> {
    const hours = centre.acceptanceHours?.[urgency] ?? DEFAULT_ACCEPTANCE_HOURS[urgency];
    const calendarHours = centre.calendarHoursUrgencies.includes(urgency);
    const holidays = calendarHours ? new Set<string>() : await this.calendar.closedDaysFrom(isoDate(localDateOf(sentAt, centre.timeZone)));
    const deadlineAt = acceptanceDeadline(
      sentAt,
      { hours, calendarHours },
      {
        timeZone: centre.timeZone,
        officeHours: { opens: minutesOf(centre.officeOpens), closes: minutesOf(centre.officeCloses) },
        workingDays: workingDaysOf(this.config.workingDays),
        holidays,
      },
    );
    const reminderAt = new Date(sentAt.getTime() + Math.floor((deadlineAt.getTime() - sentAt.getTime()) * REMINDER_AT));
    return { deadlineAt, reminderAt };
  }
}

/** The queue's colour for a pending referral at `now`: overdue past the deadline, due soon once reminded. */
export function deadlineStateOf(referral: { deadlineAt: Date; reminderAt: Date }, now: Date): DeadlineState {
  if (now >= referral.deadlineAt) return 'overdue';
  return now >= referral.reminderAt ? 'due_soon' : 'on_track';
}
