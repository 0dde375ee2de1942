import { CoordinatorsService } from '@app/domain';
import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { bearerToken } from './auth/bearer';

/**
 * The queue dashboard is a browser page, so besides a bearer token it accepts HTTP Basic auth whose password
 * is an admin's token (any user name): the browser asks for it once. Admins only: the queues hold every cohort's jobs.
 */
@Injectable()
export class QueueDashboardAuth implements NestMiddleware {
  constructor(private readonly coordinators: CoordinatorsService) {}

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    const token = bearerToken(request) ?? basicPassword(request.headers.authorization);
    if (token && (await this.coordinators.identify(token))?.role === 'admin') return next();
    response.setHeader('WWW-Authenticate', 'Basic realm="Shiyou Match queues (password: an admin token)", charset="UTF-8"');
    response.status(401).json({ statusCode: 401, message: 'An admin token is required', error: 'Unauthorized' });
  }
}

function basicPassword(header: string | undefined): string | null {
  const match = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  return separator >= 0 ? decoded.slice(separator + 1) : null;
}
