import type { INestApplicationContext } from '@nestjs/common';

/**
 * On SIGTERM or SIGINT: close the app (HTTP server drains in-flight requests, BullMQ workers finish
 * their jobs, pools close), then exit 0. If draining outlasts the grace period, exit 1 anyway, so the
 * orchestrator's own kill never has to.
 */
export function closeOnSignals(app: INestApplicationContext, graceSeconds: number, onClosed: () => void = () => undefined): void {
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    setTimeout(() => {
      process.stderr.write(`Shutdown after ${signal} took longer than ${graceSeconds}s; exiting\n`);
      process.exit(1);
    }, graceSeconds * 1000).unref();
    await app.close();
    onClosed();
    process.exit(0);
  };
  process.on('SIGTERM', () => void close('SIGTERM'));
  process.on('SIGINT', () => void close('SIGINT'));
}
