import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { bootLogger, closeOnSignals, loadConfigOrExit } from '@app/core';
import { WorkerModule } from './worker.module';
import { WORKER_ID } from './worker-identity';

/** On SIGTERM, closing the app closes every BullMQ worker: in-flight jobs finish, no new ones are taken. */
async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    logger: bootLogger(config, 'worker'),
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  const logger = app.get(Logger);
  closeOnSignals(app, config.shutdownGraceSeconds, () => logger.log({ msg: 'worker stopped', workerId: WORKER_ID }));
  logger.log({ msg: 'worker started', workerId: WORKER_ID });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`Worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
