import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { RedisEventSource, reportRedisErrors } from './redis-connection';

/**
 * Every BullMQ queue and worker that @nestjs/bullmq created gets an 'error' listener: without one,
 * BullMQ prints each failed reconnect attempt as a raw stack to stderr. Found by discovery, so a queue
 * or processor added later is covered without touching this. Needs DiscoveryModule in the app module.
 */
@Injectable()
export class BullErrorLogging implements OnModuleInit {
  private readonly logger = new Logger('Redis');

  constructor(private readonly discovery: DiscoveryService) {}

  // Module init runs after BullModule's explorer has created the workers (it is imported, so first).
  onModuleInit(): void {
    for (const { instance } of this.discovery.getProviders()) {
      if (instance instanceof Queue) this.watch(`queue:${instance.name}`, instance);
      else if (instance instanceof WorkerHost) this.watch(`worker:${instance.worker.name}`, instance.worker);
    }
  }

  /** Errors arrive on the queue or worker; 'ready' (a reconnect) only on its backend. */
  private watch(connection: string, bull: Queue | Worker): void {
    reportRedisErrors(connection, this.logger, bull as RedisEventSource, bull.getBackend() as unknown as RedisEventSource);
  }
}
