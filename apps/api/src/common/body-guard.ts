import { FieldError } from '@app/contracts';
import { BadRequestException, HttpStatus } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';

/**
 * How deep a body may nest, counting the body itself as 1. The deepest DTO (a cohort's weights) is 2; the
 * transformer and validator recurse, so a deep body would otherwise overflow their stack.
 */
export const MAX_BODY_DEPTH = 8;

/** Keys the transformer drops silently (so the whitelist never sees them); an unknown field must be a 400. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const TOO_DEEP_MESSAGE = 'body is nested too deeply';

/** A message naming its field the way the validation 400s do: a nested field's is prefixed with its path. */
const named = (path: string[], message: string) => (path.length > 1 ? `${path.join('.')}: ${message}` : message);

type BadRequestBody = { statusCode: number; message: string[]; error: string; errors?: FieldError[] };

/**
 * What no DTO could accept, found without recursion on the parsed body: nesting beyond MAX_BODY_DEPTH, keys
 * the transformer would drop, strings holding lone surrogates (the email validator throws on them and MariaDB's
 * JSON columns refuse them). Returns the 400's body, or null when the body may go on to validation.
 */
export function bodyProblems(body: unknown): BadRequestBody | null {
  const messages: string[] = [];
  const errors: FieldError[] = [];
  // Depth first, children pushed in reverse, so problems are listed in the order of the document.
  const pending: Array<{ value: unknown; path: string[]; depth: number }> = [{ value: body, path: [], depth: 1 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) {
        const field = path.length > 0 ? path.join('.') : 'body';
        messages.push(`${field} must be well-formed Unicode text (it holds a lone surrogate)`);
        errors.push({ field, rule: 'characters' });
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) return { statusCode: HttpStatus.BAD_REQUEST, message: [TOO_DEEP_MESSAGE], error: 'Bad Request' };
    const children: typeof pending = [];
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      if (FORBIDDEN_KEYS.has(key)) {
        messages.push(named(childPath, `property ${key} should not exist`));
        errors.push({ field: childPath.join('.'), rule: 'unknown' });
      } else {
        children.push({ value: child, path: childPath, depth: depth + 1 });
      }
    }
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push(children[index]);
  }
  return messages.length > 0 ? { statusCode: HttpStatus.BAD_REQUEST, message: messages, error: 'Bad Request', errors } : null;
}

/** Runs right after the body parsers, before routing, guards and validation: a cheap refusal, even unsigned. */
export function bodyGuard(request: Request, _response: Response, next: NextFunction): void {
  const problems = bodyProblems(request.body);
  next(problems ? new BadRequestException(problems) : undefined);
}
