import type { ConflictCode, FieldError } from '@app/contracts';

/**
 * The one family of errors the domain throws. The API's exception filter maps each kind to its HTTP status;
 * the worker turns the kinds a retry cannot cure into BullMQ's unrecoverable errors.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not_found' | 'conflict' | 'invalid' | 'forbidden' | 'gone' | 'permanent';

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing named does not exist, or not for this caller. */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}

/** The request is valid but the current state does not allow it; `fieldErrors` name the field it is about, if one. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';

  constructor(
    message: string,
    readonly code: ConflictCode,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** Input a validator could not judge alone (it needs the database): every problem with the field it names. */
export class InvalidError extends DomainError {
  readonly kind = 'invalid';

  constructor(
    readonly messages: string[],
    readonly fieldErrors: FieldError[],
  ) {
    super(messages.join('; '));
  }
}

/** The caller is known but their role may not do this. */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** The thing named existed but its time is over for good (a check-in link after its period). */
export class GoneError extends DomainError {
  readonly kind = 'gone';
}

/** Work that can never succeed, however often it is retried (a permanent SMTP rejection, say). */
export class PermanentError extends DomainError {
  readonly kind = 'permanent';
}
