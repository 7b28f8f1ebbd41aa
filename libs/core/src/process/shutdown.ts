import { INestApplicationContext, Logger } from '@nestjs/common';

/**
 * On SIGTERM or SIGINT: close the app (HTTP server drains in-flight requests, BullMQ workers finish
 * their jobs, pools close), then exit 0. If draining outlasts the grace period, exit 1 anyway, so the
 * orchestrator's own kill never has to. Under a supervisor that holds an IPC channel to us (`npm
 * start`), its death does the same: a killed launcher leaves no api or worker behind.
 */
export function closeOnSignals(app: INestApplicationContext, graceSeconds: number, onClosed: () => void = () => undefined): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const close = async (reason: string) => {
    if (closing) return;
    closing = true;
    setTimeout(() => {
      logger.error({ msg: `Shutdown after ${reason} took longer than ${graceSeconds}s; exiting` });
      process.exit(1);
    }, graceSeconds * 1000).unref();
    await app.close();
    onClosed();
    process.exit(0);
  };
  process.on('SIGTERM', () => void close('SIGTERM'));
  process.on('SIGINT', () => void close('SIGINT'));
  if (process.send) process.on('disconnect', () => void close('the supervisor disconnected'));
}
