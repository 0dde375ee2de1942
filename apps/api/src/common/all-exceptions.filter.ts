import { ConflictError, DomainError, InvalidError } from '@app/domain';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { sendAppShell, wantsAppShell } from '../pages/app-shell';

interface BodyParserError {
  type?: string;
  status?: number;
}

/** The HTTP status of each kind of domain error; `permanent` is the worker's concern and stays a 500 here. */
const DOMAIN_STATUS: Record<DomainError['kind'], HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
  gone: HttpStatus.GONE,
  permanent: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** Nest's shape of a domain error: a 400 lists its messages and broken rules, the others carry their message. */
function domainErrorBody(error: DomainError, statusCode: HttpStatus) {
  const base = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error' };
  if (error instanceof InvalidError) return { ...base, message: error.messages, errors: error.fieldErrors };
  if (error instanceof ConflictError) {
    return { ...base, message: error.message, code: error.code, ...(error.fieldErrors.length ? { errors: error.fieldErrors } : {}) };
  }
  return { ...base, message: error.message };
}

/**
 * Keeps Nest's error shape; domain errors get the status of their kind; body-parser errors get their real
 * status; anything unexpected is logged, never leaked.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    // Nest's Express adapter wraps body-parser errors in an HttpException whose cause is the original error.
    const parserError = (exception instanceof HttpException ? exception.cause : exception) as BodyParserError | undefined;
    if (parserError?.type === 'entity.too.large') {
      response.status(HttpStatus.PAYLOAD_TOO_LARGE).json({ statusCode: 413, message: 'Request body is larger than 100 kB', error: 'Payload Too Large' });
      return;
    }
    if (parserError?.type === 'entity.parse.failed') {
      response.status(HttpStatus.BAD_REQUEST).json({ statusCode: 400, message: ['body must be valid JSON'], error: 'Bad Request' });
      return;
    }
    if (exception instanceof DomainError && exception.kind !== 'permanent') {
      const statusCode = DOMAIN_STATUS[exception.kind];
      response.status(statusCode).json(domainErrorBody(exception, statusCode));
      return;
    }
    // No route matched: a browser gets the web app, whose router shows its not-found page.
    if (exception instanceof NotFoundException && wantsAppShell(request)) {
      sendAppShell(response, HttpStatus.NOT_FOUND);
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const statusCode = exception.getStatus();
      // Nest's shape always names the error; exceptions made from a bare string (the throttler's 429) do not.
      response.status(statusCode).json(typeof body === 'string' ? { statusCode, message: body, error: STATUS_CODES[statusCode] ?? 'Error' } : body);
      return;
    }
    this.logger.error({
      message: 'Unhandled error',
      requestId: request.id,
      method: request.method,
      path: request.originalUrl,
      error: exception instanceof Error ? exception.message : String(exception),
      stack: exception instanceof Error ? exception.stack : undefined,
    });
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, message: 'Internal server error', requestId: request.id });
  }
}
