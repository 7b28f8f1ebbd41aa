import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { correlationIdMiddleware } from '../context/correlation-id';
import { sendError } from '../errors/all-exceptions.filter';
import { API_DOCS_JSON_PATH, API_DOCS_PATH, mountApiDocs } from './api-document';
import { jsonBodyParsers } from './json-body';
import { mountWebApp, webAppDirectory } from './web-app';

function noStore(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Pragma', 'no-cache');
  next();
}

/**
 * Express-level setup shared by main.ts and the test app factory, so tests run the same stack.
 * The app must be created with `bodyParser: false`: the JSON parser is mounted here with our limits
 * (size, type, depth) and its failures answered in the one error shape.
 */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(PinoLogger));
  app.set('trust proxy', config.trustProxyHops);
  app.disable('x-powered-by');
  app.use(correlationIdMiddleware);
  app.use(helmet({ hsts: { maxAge: 31536000, includeSubDomains: true } }));
  app.use(noStore);
  app.use(cookieParser());
  app.use(jsonBodyParsers(config.httpBodyLimit));
  const bodyLogger = new Logger('Http');
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => (error ? sendError(request, response, error, bodyLogger) : next()));
  mountApiDocs(app);
  mountWebApp(app, webAppDirectory(config.webAppDir));
}

/** Routes mounted on Express directly, outside Nest's decorators, with the access each has. */
export const ROUTES_OUTSIDE_NEST = [
  { method: 'GET', path: `/${API_DOCS_PATH}`, access: 'public' },
  { method: 'GET', path: `/${API_DOCS_JSON_PATH}`, access: 'public' },
  // The web app's pages and assets (when built): public, they hold no data; the API they call is not.
  { method: 'GET', path: '/', access: 'public' },
] as const;
