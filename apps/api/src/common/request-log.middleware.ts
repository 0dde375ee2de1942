import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

/** Gives every request an id (kept from X-Request-Id when sane), returns it, and logs one line when it ends. */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Http');

  use(request: Request & { id?: string }, response: Response, next: NextFunction): void {
    const incoming = request.headers['x-request-id'];
    request.id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    response.setHeader('X-Request-Id', request.id);
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const entry = {
        message: 'request',
        requestId: request.id,
        method: request.method,
        // The path only: query strings may carry filters but never tokens (those travel in headers or fragments).
        path: request.path,
        status: response.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      };
      if (response.statusCode >= 500) this.logger.error(entry);
      else this.logger.log(entry);
    });
    next();
  }
}
