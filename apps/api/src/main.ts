import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { bootLogger, configureHttpApp, closeOnSignals, loadApiConfig, loadConfigOrExit } from '@app/core';
import { ApiModule } from './api.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(loadApiConfig);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    logger: bootLogger(config, 'api'),
    abortOnError: false,
  });
  configureHttpApp(app, config);
  closeOnSignals(app, config.shutdownGraceSeconds);
  await app.listen(config.port);
  app.get(Logger).log({ msg: 'API listening', url: `http://localhost:${config.port}` });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
