import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/** Identifies this worker process in the heartbeat table: host, pid and a per-boot suffix. */
export const WORKER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
export const WORKER_STARTED_AT = new Date();
