'use strict';
// Small process helpers shared by the launcher, the services process and the test harness.
const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');

/** A free TCP port on the loopback interface, chosen by the kernel. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `check` returns truthy, or rejects with `what` after `timeoutMs`. */
async function waitFor(check, { timeoutMs, intervalMs = 100, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Sends `signal`, waits up to `timeoutMs` for the process to go, then kills it. */
async function stopPid(pid, { signal = 'SIGTERM', timeoutMs = 20000 } = {}) {
  if (!pid || !isAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  try {
    await waitFor(() => !isAlive(pid), { timeoutMs, what: `process ${pid} to exit` });
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The status of GET http://127.0.0.1:port/route, or 0 when nothing answers within a second or two. */
function httpStatus(port, route) {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: route, timeout: 2000 }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
      .on('timeout', function () {
        this.destroy();
      })
      .on('error', () => resolve(0));
  });
}

/** True when every directory from `target` up to / can be entered by the given uid/gid. */
function traversableBy(target, uid, gid) {
  let current = path.resolve(target);
  for (;;) {
    const stat = fs.statSync(current);
    const bits = stat.uid === uid ? 0o100 : stat.gid === gid ? 0o010 : 0o001;
    if (stat.isDirectory() && (stat.mode & bits) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

module.exports = { freePort, httpStatus, isAlive, sleep, waitFor, stopPid, traversableBy };
