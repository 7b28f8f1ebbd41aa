'use strict';
// An open-loop load generator: requests leave on a fixed schedule (one every 1/rate s) whatever the
// server's pace, and each latency is counted from the moment its request was due, so a slow server
// cannot hide its queue (no coordinated omission). autocannon's overallRate is not this: it lets each
// connection send its share at the top of every second, a burst of `rate` requests at once.
const http = require('node:http');

/** Sends `rate` requests per second for `seconds` s; resolves with the latency percentiles in ms. */
function openLoop({ url, method = 'POST', headers, body, rate, seconds, maxSockets = 256 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const target = new URL(url);
  const total = Math.round(rate * seconds);
  const latencies = [];
  let failed = 0;
  let finished = 0;
  const start = process.hrtime.bigint();
  const dueAt = (i) => start + BigInt(Math.round((i * 1e9) / rate));

  return new Promise((resolve) => {
    const done = () => {
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
      const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      resolve({ sent: total, completed: latencies.length, failed, rate: latencies.length / elapsed, p50: at(50), p99: at(99), max: at(100) });
    };
    const send = (i) => {
      const due = dueAt(i);
      const payload = body(i);
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method,
          headers: { ...headers, 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode < 200 || response.statusCode >= 300) failed += 1;
            latencies.push(Number(process.hrtime.bigint() - due) / 1e6);
            if (++finished === total) done();
          });
        },
      );
      request.on('error', () => {
        failed += 1;
        if (++finished === total) done();
      });
      request.end(payload);
    };
    let next = 0;
    const tick = () => {
      const now = process.hrtime.bigint();
      while (next < total && dueAt(next) <= now) send(next++);
      // Sleep until the next request is due, not a fixed millisecond: the generator shares the cores it measures.
      if (next < total) setTimeout(tick, Number(dueAt(next) - now) / 1e6);
    };
    tick();
  });
}

module.exports = { openLoop };
