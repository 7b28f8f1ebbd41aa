import { describe, expect, it } from 'vitest';
import { idleState, WARN_BEFORE_MS } from './idle';

describe('the idle timeout warning', () => {
  // The server answered at 08:00 that the session ends at 08:30; this device's clock is two days off.
  const receivedAt = Date.parse('2026-12-03T15:00:00Z');
  const clock = { idleExpiresAt: '2026-12-01T08:30:00.000Z', serverTime: '2026-12-01T08:00:00.000Z', receivedAt };
  const after = (ms: number) => receivedAt + ms;

  it('is quiet until two minutes before the session ends, counts down, then says it ended, whatever the device’s clock', () => {
    expect(WARN_BEFORE_MS).toBe(120_000);
    expect(idleState(after(28 * 60_000 - 1), clock)).toEqual({ kind: 'active' });
    expect(idleState(after(28 * 60_000), clock)).toEqual({ kind: 'warning', secondsLeft: 120 });
    expect(idleState(after(30 * 60_000 - 999), clock)).toEqual({ kind: 'warning', secondsLeft: 1 });
    expect(idleState(after(30 * 60_000), clock)).toEqual({ kind: 'expired' });
  });
});
