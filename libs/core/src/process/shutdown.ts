/**
 * Nest's shutdown hooks close the HTTP server (in-flight requests finish) and the pools on SIGTERM.
 * If draining outlasts the grace period, leave anyway so the orchestrator's own kill never has to.
 */
export function exitAfterGracePeriod(graceSeconds: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`Shutdown took longer than ${graceSeconds}s; exiting\n`);
        process.exit(1);
      }, graceSeconds * 1000).unref();
    });
  }
}
