'use strict';
// The development console of `npm start`: the children's JSON lines (and the launcher's own) as
// `time service level message key=value`. Production never sees this; its processes write JSON.
const readline = require('node:readline');

const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const COLOURS = { trace: 90, debug: 90, warn: 33, error: 31, fatal: 35 };
// Shown in the fixed columns, or too noisy to repeat on every line.
const OWN_COLUMNS = new Set(['level', 'time', 'service', 'msg', 'context', 'pid', 'hostname', 'req', 'res', 'responseTime', 'reqId']);
const PREFIXED = /^\[([a-z-]+)\] (.*)$/; // `[cli] applied …`: the launcher's, services' and cli's plain lines

const useColour = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code, text) => (code && useColour() ? `\x1b[${code}m${text}\x1b[0m` : text);

function clockTime(date) {
  return date.toTimeString().slice(0, 8);
}

function fieldText(value) {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** `GET /api/v1/units 200 4ms` for pino-http's request lines. */
function requestText(record) {
  if (!record.req) return '';
  return ` ${record.req.method ?? ''} ${record.route ?? ''} ${record.res?.statusCode ?? ''} ${record.responseTime ?? ''}ms`;
}

function columns({ time, service, level, message }) {
  const levelText = paint(COLOURS[level], level.padEnd(5));
  return `${paint(90, clockTime(time))} ${service.padEnd(8)} ${levelText} ${message}`;
}

/** One pino record as a console line. */
function formatRecord(record, source) {
  const level = LEVELS[record.level] ?? String(record.level);
  const context = record.context ? `${paint(90, `[${record.context}]`)} ` : '';
  const fields = Object.entries(record)
    .filter(([key, value]) => !OWN_COLUMNS.has(key) && key !== 'route' && value !== undefined)
    .map(([key, value]) => `${paint(90, `${key}=`)}${fieldText(key === 'correlationId' ? String(value).slice(0, 8) : value)}`);
  const message = `${context}${record.msg ?? ''}${requestText(record)}${fields.length ? `  ${fields.join(' ')}` : ''}`;
  return columns({ time: record.time ? new Date(record.time) : new Date(), service: record.service ?? source, level, message });
}

function parseRecord(line) {
  if (!line.startsWith('{')) return undefined;
  try {
    const record = JSON.parse(line);
    return record && typeof record === 'object' && 'level' in record ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Any line a child wrote: JSON from the apps, `[name] text` from the scripts, anything else as it is. */
function formatLine(line, source) {
  const record = parseRecord(line);
  if (record) return formatRecord(record, source);
  const prefixed = PREFIXED.exec(line);
  if (prefixed) return columns({ time: new Date(), service: prefixed[1], level: 'info', message: prefixed[2] });
  return columns({ time: new Date(), service: source, level: 'info', message: line });
}

/** A line of the launcher's own. */
function formatOwn(source, level, message) {
  return columns({ time: new Date(), service: source, level, message });
}

/** Copies a child's stream to our stdout, line by line, formatted. */
function pipeFormatted(stream, source) {
  if (!stream) return;
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => process.stdout.write(`${formatLine(line, source)}\n`));
}

module.exports = { formatLine, formatOwn, pipeFormatted };
