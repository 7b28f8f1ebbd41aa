import { acceptanceDeadline, DeadlineRules, minutesOf } from './deadline';

const QATAR: DeadlineRules = {
  timeZone: 'Asia/Qatar',
  officeHours: { opens: minutesOf('07:00'), closes: minutesOf('14:00') },
  workingDays: [7, 1, 2, 3, 4],
  holidays: new Set(['2026-12-17']),
};
const LONDON: DeadlineRules = {
  timeZone: 'Europe/London',
  officeHours: { opens: minutesOf('09:00'), closes: minutesOf('17:00') },
  workingDays: [1, 2, 3, 4, 5],
  holidays: new Set(),
};
const working = (hours: number) => ({ hours, calendarHours: false });
const calendar = (hours: number) => ({ hours, calendarHours: true });

describe('the acceptance deadline', () => {
  it.each([
    ['critical, calendar hours: 4 h on the clock, a Friday night', '2026-12-04T19:00:00Z', calendar(4), QATAR, '2026-12-04T23:00:00Z'],
    ['calendar hours ignore the weekend and holidays', '2026-12-17T09:00:00Z', calendar(24), QATAR, '2026-12-18T09:00:00Z'],
    ['24 office hours from Sunday 09:00: Sun 5 + Mon 7 + Tue 7 + Wed 5 → Wed 12:00', '2026-12-06T06:00:00Z', working(24), QATAR, '2026-12-09T09:00:00Z'],
    ['Thursday 13:00, 2 h: one before closing, Friday and Saturday off, Sunday 08:00', '2026-12-03T10:00:00Z', working(2), QATAR, '2026-12-06T05:00:00Z'],
    ['sent before opening: counted from 07:00', '2026-12-07T02:00:00Z', working(1), QATAR, '2026-12-07T05:00:00Z'],
    ['sent after closing: counted from the next morning', '2026-12-07T13:00:00Z', working(1), QATAR, '2026-12-08T05:00:00Z'],
    ['sent on a Friday: counted from Sunday', '2026-12-04T09:00:00Z', working(1), QATAR, '2026-12-06T05:00:00Z'],
    ['a holiday Thursday is skipped as the weekend is', '2026-12-16T10:00:00Z', working(2), QATAR, '2026-12-20T05:00:00Z'],
    ['a deadline falling at closing time is that closing time, not the next opening', '2026-12-07T04:00:00Z', working(7), QATAR, '2026-12-07T11:00:00Z'],
    [
      'low, 72 office hours from Sunday 07:00: ten full days and two hours',
      '2026-12-06T04:00:00Z',
      working(72),
      { ...QATAR, holidays: new Set<string>() },
      '2026-12-20T06:00:00Z',
    ],
    ['the same with a holiday in between: one day later', '2026-12-06T04:00:00Z', working(72), QATAR, '2026-12-21T06:00:00Z'],
    [
      'another time zone across a daylight-saving change: Friday 16:00 GMT, 2 h → Monday 10:00 BST',
      '2026-03-27T16:00:00Z',
      working(2),
      LONDON,
      '2026-03-30T09:00:00Z',
    ],
    ['the office day in the centre’s zone, not UTC: 08:30 in London in summer is 07:30Z', '2026-06-01T07:30:00Z', working(1), LONDON, '2026-06-01T09:00:00Z'],
  ])('%s', (_name, sentAt, window, rules, expected) => {
    expect(acceptanceDeadline(new Date(sentAt), window, rules).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('refuses rules with no office time at all rather than looping', () => {
    expect(() => acceptanceDeadline(new Date('2026-12-06T04:00:00Z'), working(1), { ...QATAR, workingDays: [] })).toThrow(/no office time/);
  });

  it('reads times of day strictly', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('23:59')).toBe(1439);
    expect(() => minutesOf('24:00')).toThrow();
    expect(() => minutesOf('7:00')).toThrow();
  });
});
