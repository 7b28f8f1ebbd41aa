/** How long before the idle timeout the warning shows. */
export const WARN_BEFORE_MS = 2 * 60_000;

export type IdleState = { kind: 'active' } | { kind: 'warning'; secondsLeft: number } | { kind: 'expired' };

/** What the session answer says of the idle timeout, and when (by this device's clock) it was received. */
export interface IdleClock {
  idleExpiresAt: string;
  /** The server's clock when it answered. */
  serverTime: string;
  /** Date.now() when the answer arrived. */
  receivedAt: number;
}

/**
 * Where the session stands against its idle timeout (30 minutes, the server's): the server's
 * `idleExpiresAt` decides, since only what the user does moves it (background reads never do). The time
 * left is counted from the server's clock, so a device whose clock is wrong still warns on time.
 */
export function idleState(now: number, clock: IdleClock): IdleState {
  const left = Date.parse(clock.idleExpiresAt) - Date.parse(clock.serverTime) - (now - clock.receivedAt);
  if (left <= 0) return { kind: 'expired' };
  if (left <= WARN_BEFORE_MS) return { kind: 'warning', secondsLeft: Math.ceil(left / 1000) };
  return { kind: 'active' };
}
