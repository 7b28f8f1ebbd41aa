'use strict';
// Keeps a process running for `npm start`: when it exits without being asked to, it is started again
// after a backoff, so a crashed worker never takes the api down with it (nor the reverse).
const { stopPid } = require('./processes');

const BACKOFF = { firstMs: 1000, maxMs: 30000, stableMs: 60000 };

/** The wait before restart n (1 s, 2 s, 4 s … 30 s); a run that lasted `stableMs` starts over at 1 s. */
function nextDelay(previousMs, ranMs, backoff = BACKOFF) {
  if (previousMs === undefined || ranMs >= backoff.stableMs) return backoff.firstMs;
  return Math.min(previousMs * 2, backoff.maxMs);
}

function describeExit(code, signal) {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

/**
 * start() spawns the first run. Until keepAlive() (the launcher calls it once the system is ready), an
 * exit calls onFailure instead: a crash while booting is a bug or a bad setting, and a restart loop would
 * bury its message.
 */
class Supervisor {
  constructor({ name, spawnChild, log, onFailure, backoff = BACKOFF }) {
    Object.assign(this, { name, spawnChild, log, onFailure, backoff });
    this.stopping = false;
    this.restarting = false;
  }

  get pid() {
    return this.child?.pid;
  }

  start() {
    this.startedAt = Date.now();
    this.child = this.spawnChild();
    this.log(`${this.name} process started (pid ${this.child.pid})`);
    this.child.once('exit', (code, signal) => this.exited(code, signal));
  }

  keepAlive() {
    this.restarting = true;
  }

  exited(code, signal) {
    if (this.stopping) return;
    const how = describeExit(code, signal);
    if (!this.restarting) return this.onFailure(`${this.name} exited while starting (${how})`);
    this.delayMs = nextDelay(this.delayMs, Date.now() - this.startedAt, this.backoff);
    this.log(`${this.name} exited unexpectedly (${how}); restarting it in ${this.delayMs / 1000}s`, 'warn');
    this.timer = setTimeout(() => this.start(), this.delayMs);
  }

  /** SIGTERM, and the drain it allows (SHUTDOWN_GRACE_SECONDS ≤ 30), then SIGKILL. */
  async stop() {
    this.stopping = true;
    clearTimeout(this.timer);
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) await stopPid(this.child.pid, { signal: 'SIGTERM', timeoutMs: 35000 });
  }
}

module.exports = { Supervisor, nextDelay, describeExit, BACKOFF };
