// The launcher's parts are plain CommonJS (it runs before anything is compiled).
/* eslint-disable @typescript-eslint/no-require-imports */
const { formatLine } = require('../../scripts/lib/pretty-log') as { formatLine(line: string, source: string): string };
const { nextDelay } = require('../../scripts/lib/supervisor') as { nextDelay(previousMs: number | undefined, ranMs: number): number };
/* eslint-enable @typescript-eslint/no-require-imports */

const at = '2026-12-01T21:23:41.097Z';
const localClock = new Date(at).toTimeString().slice(0, 8);

describe('the development console', () => {
  it('shows a JSON line as time, service, level, [context] message and its fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: at,
      service: 'worker',
      context: 'Redis',
      msg: 'Redis connection lost',
      connection: 'queue:system',
      code: 'ECONNREFUSED',
    });
    expect(formatLine(line, 'worker')).toBe(`${localClock} worker   warn  [Redis] Redis connection lost  connection=queue:system code=ECONNREFUSED`);
  });

  it('shows a request line by method, route, status and duration, with a short correlation id', () => {
    const line = JSON.stringify({
      level: 30,
      time: at,
      service: 'api',
      reqId: 'a735449f-0000-4000-8000-000000000000',
      correlationId: 'a735449f-0000-4000-8000-000000000000',
      req: { method: 'GET' },
      res: { statusCode: 200 },
      responseTime: 4,
      route: '/api/v1/units',
      msg: 'request completed',
    });
    expect(formatLine(line, 'api')).toBe(`${localClock} api      info  request completed GET /api/v1/units 200 4ms  correlationId=a735449f`);
  });

  it('takes the service of a `[name] text` line from its prefix, and keeps any other line as it is', () => {
    expect(formatLine('[cli] schema is up to date', 'cli')).toMatch(/^\d\d:\d\d:\d\d cli {6}info {2}schema is up to date$/);
    expect(formatLine('Invalid configuration: PORT must be a port number (1-65535)', 'api')).toMatch(
      /^\d\d:\d\d:\d\d api {6}info {2}Invalid configuration: PORT must be a port number \(1-65535\)$/,
    );
  });
});

describe('restart backoff', () => {
  it('doubles from 1 s to at most 30 s, and starts over after a run of a minute', () => {
    const delays: number[] = [];
    let delay: number | undefined;
    for (let crash = 0; crash < 7; crash += 1) delays.push((delay = nextDelay(delay, 2000)));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(nextDelay(30000, 60000)).toBe(1000);
  });
});
