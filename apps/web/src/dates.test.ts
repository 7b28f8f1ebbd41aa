import { describe, expect, it } from 'vitest';
import { endOfDay, formatDateTime } from './dates';

describe('dates', () => {
  it('shows Gregorian and Umm al-Qura dates in the unit’s time zone, Latin digits in both languages', () => {
    // 21:30 UTC on 1 December 2026 is already 2 December in Qatar (UTC+3).
    const ar = formatDateTime('2026-12-01T21:30:00Z', 'ar', 'Asia/Qatar');
    expect(ar.gregorian).toBe('2 ديسمبر 2026 في 12:30 ص');
    expect(ar.hijri).toBe('22 جمادى الآخرة 1448 هـ');
    expect(`${ar.gregorian}${ar.hijri}`).not.toMatch(/[\u0660-\u0669]/);
    const en = formatDateTime('2026-12-01T21:30:00Z', 'en', 'Asia/Qatar');
    expect(en.gregorian).toBe('2 December 2026 at 00:30');
    expect(en.hijri).toBe('22 Jumada II 1448 AH');
  });

  it('ends a day at its last minute in the unit’s zone, wherever the browser is', () => {
    expect(endOfDay('2026-12-20', 'Asia/Qatar')).toBe('2026-12-20T20:59:00.000Z');
    expect(endOfDay('2026-07-15', 'Europe/Berlin')).toBe('2026-07-15T21:59:00.000Z');
    expect(endOfDay('2026-02-30', 'Asia/Qatar')).toBeUndefined();
  });
});
