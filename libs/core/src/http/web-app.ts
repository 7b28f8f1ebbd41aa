import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Paths the web app never answers: the API, health and metrics keep their own 404s. */
const NOT_THE_APP = /^\/(api|health|metrics)(\/|$)/;

/** Where the built web app is: configured, else apps/web/dist under the working directory. */
export const webAppDirectory = (configured: string | undefined): string => configured ?? path.resolve(process.cwd(), 'apps/web/dist');

/**
 * The web app on the same origin as the API: its hashed assets (cached for a year, they never change
 * under one name), and index.html for any other page a browser navigates to (client-side routes), so
 * a reload or a bookmarked page works. Only requests that ask for HTML get it; an API client asking
 * for an unknown path still gets the JSON 404. Nothing is mounted when the app is not built.
 */
export function mountWebApp(app: NestExpressApplication, directory: string): boolean {
  const index = path.join(directory, 'index.html');
  if (!existsSync(index)) return false;
  app.use(
    '/assets',
    express.static(path.join(directory, 'assets'), {
      index: false,
      fallthrough: false,
      setHeaders: (response) => response.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    const wantsPage = request.method === 'GET' && !NOT_THE_APP.test(request.path) && (request.headers.accept ?? '').includes('text/html');
    if (!wantsPage) return next();
    response.sendFile(index);
  });
  return true;
}
