import { RedisOutageReporter } from './redis-connection';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });

function reporterAt(start = 0) {
  const lines: { level: string; line: Record<string, unknown> }[] = [];
  const clock = { at: start };
  const logger = {
    warn: (line: object) => lines.push({ level: 'warn', line: line as never }),
    log: (line: object) => lines.push({ level: 'info', line: line as never }),
  };
  const reporter = new RedisOutageReporter('queue:system', logger, () => clock.at, 60_000);
  return { reporter, lines, clock };
}

describe('RedisOutageReporter', () => {
  it('says an outage once, however many reconnect attempts fail, and says when it ends', () => {
    const { reporter, lines, clock } = reporterAt();
    for (let attempt = 0; attempt < 40; attempt += 1, clock.at += 500) reporter.error(refused());
    reporter.ready();
    expect(lines).toEqual([
      {
        level: 'warn',
        line: { msg: 'Redis connection lost', connection: 'queue:system', code: 'ECONNREFUSED', reason: 'connect ECONNREFUSED 127.0.0.1:6390' },
      },
      { level: 'info', line: { msg: 'Redis connection restored', connection: 'queue:system', downForSeconds: 20, failedAttempts: 40 } },
    ]);
  });

  it('repeats once a minute while the outage lasts', () => {
    const { reporter, lines, clock } = reporterAt();
    for (let second = 0; second <= 150; second += 1, clock.at += 1000) reporter.error(refused());
    expect(lines.map(({ line }) => [line.msg, line.downForSeconds])).toEqual([
      ['Redis connection lost', undefined],
      ['Redis still unreachable', 60],
      ['Redis still unreachable', 120],
    ]);
  });

  it('a ready without an outage says nothing; a second outage is said again', () => {
    const { reporter, lines } = reporterAt();
    reporter.ready();
    reporter.error(refused());
    reporter.ready();
    reporter.error(refused());
    expect(lines.map(({ line }) => line.msg)).toEqual(['Redis connection lost', 'Redis connection restored', 'Redis connection lost']);
  });

  it('other errors are said once a minute per kind', () => {
    const { reporter, lines, clock } = reporterAt();
    const readOnly = () => new Error("READONLY You can't write against a read only replica.");
    reporter.error(readOnly());
    reporter.error(readOnly());
    reporter.error(new Error('NOSCRIPT No matching script'));
    clock.at += 60_000;
    reporter.error(readOnly());
    expect(lines.map(({ line }) => line.reason)).toEqual([
      "READONLY You can't write against a read only replica.",
      'NOSCRIPT No matching script',
      "READONLY You can't write against a read only replica.",
    ]);
  });
});
