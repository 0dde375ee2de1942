import { Request, Response } from 'express';
import { join } from 'node:path';
import { PUBLIC_DIR } from './public-dir';

export const APP_ASSETS_DIR = join(PUBLIC_DIR, 'assets');

/** The built web app's index.html: revalidated on every load, so a new build is picked up at once. */
export function sendAppShell(response: Response, status: number): void {
  response.status(status).setHeader('Cache-Control', 'no-cache');
  response.sendFile(join(PUBLIC_DIR, 'index.html'));
}

/** A browser navigating to an address no route knows (not the API's, not an asset), who should see a page. */
export function wantsAppShell(request: Request): boolean {
  return request.method === 'GET' && !/^\/(api|assets|docs|admin\/queues|health)(\/|$)/.test(request.path)
    && request.accepts(['json', 'html']) === 'html';
}
