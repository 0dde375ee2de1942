import { ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '@app/domain';
import { AllExceptionsFilter } from './all-exceptions.filter';

function respond(exception: unknown) {
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const request = { id: 'req-1', method: 'POST', originalUrl: '/api/cohorts' };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

describe('AllExceptionsFilter', () => {
  it('keeps the shape of Nest HTTP errors', () => {
    expect(respond(new NotFoundException('Cohort 9 not found'))).toEqual({ status: 404, body: { statusCode: 404, message: 'Cohort 9 not found', error: 'Not Found' } });
    expect(respond(new BadRequestException(['name must be a string', 'email must be a valid email address']))).toEqual({
      status: 400,
      body: { statusCode: 400, message: ['name must be a string', 'email must be a valid email address'], error: 'Bad Request' },
    });
  });

  it('maps each kind of domain error to its status in the same shape', () => {
    expect(respond(new NotFoundError('Cohort 9 not found'))).toEqual({ status: 404, body: { statusCode: 404, message: 'Cohort 9 not found', error: 'Not Found' } });
    expect(respond(new ConflictError('email: a@b.cn has already applied to this cohort', 'already_applied', [{ field: 'email', rule: 'unique' }])).body).toEqual({
      statusCode: 409, message: 'email: a@b.cn has already applied to this cohort', error: 'Conflict', code: 'already_applied',
      errors: [{ field: 'email', rule: 'unique' }],
    });
    expect(respond(new ConflictError('Cohort 9 is closed and does not accept applications', 'cohort_not_open')).body).toEqual({
      statusCode: 409, message: 'Cohort 9 is closed and does not accept applications', error: 'Conflict', code: 'cohort_not_open',
    });
    expect(respond(new ForbiddenError('Only students rank mentors'))).toEqual({ status: 403, body: { statusCode: 403, message: 'Only students rank mentors', error: 'Forbidden' } });
    expect(respond(new InvalidError(['choices must not repeat a mentor'], [{ field: 'choices', rule: 'unique' }]))).toEqual({
      status: 400,
      body: { statusCode: 400, message: ['choices must not repeat a mentor'], error: 'Bad Request', errors: [{ field: 'choices', rule: 'unique' }] },
    });
  });

  it('answers a body over the limit with 413, also when the adapter wrapped the body-parser error', () => {
    const parserError = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 });
    const expected = { status: 413, body: { statusCode: 413, message: 'Request body is larger than 100 kB', error: 'Payload Too Large' } };
    expect(respond(parserError)).toEqual(expected);
    expect(respond(new PayloadTooLargeException('request entity too large', { cause: parserError }))).toEqual(expected);
  });

  it('answers malformed JSON with a 400 that does not echo the parser', () => {
    const parserError = Object.assign(new SyntaxError('Expected double-quoted property name in JSON at position 14'), { type: 'entity.parse.failed', status: 400 });
    expect(respond(new HttpException(parserError.message, 400, { cause: parserError }))).toEqual({
      status: 400,
      body: { statusCode: 400, message: ['body must be valid JSON'], error: 'Bad Request' },
    });
  });

  it('logs an unexpected error and answers 500 with the request id but no message or stack', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent = respond(new Error('ER_ACCESS_DENIED for user root at 10.0.0.5'));
    expect(sent).toEqual({ status: 500, body: { statusCode: 500, message: 'Internal server error', requestId: 'req-1' } });
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ requestId: 'req-1', error: 'ER_ACCESS_DENIED for user root at 10.0.0.5', stack: expect.stringContaining('Error') }));
    logged.mockRestore();
  });
});
