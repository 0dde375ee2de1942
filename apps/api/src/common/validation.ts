import { FieldError, FieldRule } from '@app/contracts';
import { ArgumentMetadata, BadRequestException, HttpStatus, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

/** Flattens nested validation errors into messages that each name their field path. */
export function validationMessages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => (parent ? `${path}: ${message}` : message));
    return [...own, ...validationMessages(error.children ?? [], path)];
  });
}

/** class-validator's constraint names, as the stable rule codes of the API contract. */
const RULE_OF: Record<string, FieldRule> = {
  whitelistValidation: 'unknown',
  isString: 'type', isInt: 'type', isNumber: 'type', isBoolean: 'type', isArray: 'type', isObject: 'type', nestedValidation: 'type',
  isEmail: 'email', matches: 'pattern',
  minLength: 'minLength', maxLength: 'maxLength', min: 'min', max: 'max',
  arrayMinSize: 'minItems', arrayMaxSize: 'maxItems', arrayUnique: 'unique',
  isIn: 'oneOf', equals: 'mustBeTrue',
  characters: 'characters',
  notEditable: 'notEditable',
};

/** The bound a constraint was declared with, where it has one (read from the validator's metadata). */
function limitOf(error: ValidationError, constraint: string, tooShort: boolean): number | undefined {
  if (!error.target) return undefined;
  const declared = getMetadataStorage()
    .getTargetValidationMetadatas(error.target.constructor, '', true, false)
    .find((meta) => meta.propertyName === error.property && meta.name === constraint);
  const bounds = declared?.constraints?.filter((value): value is number => typeof value === 'number') ?? [];
  if (constraint === 'isLength') return tooShort ? bounds[0] : bounds[1];
  return bounds[0];
}

/** One entry per broken rule; a missing field is reported once, as `required`. */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.keys(error.constraints ?? {});
    const own: FieldError[] = error.value === undefined && constraints.length > 0 && !constraints.includes('whitelistValidation')
      ? [{ field, rule: 'required' }]
      : constraints.map((constraint) => {
          const tooShort = typeof error.value === 'string' && constraint === 'isLength' && error.value.length < (limitOf(error, constraint, true) ?? 0);
          const rule = constraint === 'isLength' ? (tooShort ? 'minLength' : 'maxLength') : (RULE_OF[constraint] ?? 'type');
          const limit = limitOf(error, constraint, tooShort);
          return { field, rule, ...(limit !== undefined && { limit }) };
        });
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/** The 400 of the API contract: every message naming its field, and the broken rules for pages to word. */
export function validationException(errors: ValidationError[]): BadRequestException {
  return new BadRequestException({
    statusCode: HttpStatus.BAD_REQUEST,
    message: validationMessages(errors),
    error: 'Bad Request',
    errors: fieldErrorsOf(errors),
  });
}

/**
 * The global pipe of the API. Route parameters reach their own pipe (IdPipe) as the text that was sent: the
 * stock pipe would turn `00001`, `+1` or ` 1` into the number 1 first, and IdPipe could no longer refuse them.
 */
export class ApiValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions = {}) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      // The factory reads each error's target and value to name the broken rule and its bound; neither is sent.
      validationError: { target: true, value: true },
      exceptionFactory: validationException,
      ...options,
    });
  }

  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}
