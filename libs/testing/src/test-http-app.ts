import { DynamicModule, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppConfig, Clock, configureHttpApp, ManualClock } from '@app/core';

export interface TestHttpApp {
  app: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  clock: Clock;
  close(): Promise<void>;
}

/**
 * Boots an HTTP app exactly as main.ts does (same Express setup, filters, pipes, boot checks), with
 * an injected clock (a ManualClock unless given). `controllers` adds test-only routes, e.g. one that throws.
 */
export async function createTestHttpApp(root: DynamicModule, config: AppConfig, options: { controllers?: Type[]; clock?: Clock } = {}): Promise<TestHttpApp> {
  const clock = options.clock ?? new ManualClock();
  const moduleRef = await Test.createTestingModule({ imports: [root], controllers: options.controllers ?? [] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
  configureHttpApp(app, config);
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined); // a refused boot must not leave pools open
    throw error;
  }
  return { app, http: () => request(app.getHttpServer()), clock, close: () => app.close() };
}
