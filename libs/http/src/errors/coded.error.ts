import type { HttpStatus } from '@nestjs/common';
import type { ErrorDetail } from './error-body';
import { DomainError } from './domain.error';

/**
 * The common shape of a capability's error (accounts, sites, authoring, enrollments…): a code of
 * the capability's enum, a message, and the details given when it is made. What differs between
 * capabilities is only their codes, their status table and their factories, so only that is
 * written in each; the subclass maps its code to a status (`get httpStatus`).
 */
export abstract class CodedError<Code extends string> extends DomainError {
  constructor(
    readonly code: Code,
    message: string,
    private readonly problems: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }

  get details(): readonly ErrorDetail[] {
    return this.problems;
  }
}

/**
 * A capability's error whose one detail, if any, is the field named when it is made (accounts,
 * enrollments): the reason is the message without the field's name in front.
 */
export abstract class CodedFieldError<Code extends string> extends CodedError<Code> {
  constructor(
    code: Code,
    message: string,
    readonly field?: string,
  ) {
    super(code, message, field ? fieldDetail(field, message) : []);
  }
}

/**
 * A capability's status of each code, from its table: a table over every code (a `Record` of the
 * code enum), so a new code fails the build until it is mapped.
 */
export function statusTable<Code extends string>(
  table: Readonly<Record<Code, HttpStatus>>,
): (code: Code) => HttpStatus {
  return (code) => table[code];
}

/** The one detail of a message written `<field> <reason>`: the field, and the reason without it. */
export function fieldDetail(field: string, message: string): ErrorDetail[] {
  return [{ field, reason: message.startsWith(`${field} `) ? message.slice(field.length + 1) : message }];
}
