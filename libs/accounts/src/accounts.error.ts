import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorDetail } from '@mtl/http';

/** Why an accounts operation was refused. Each code maps to exactly one HTTP answer below. */
export enum AccountsErrorCode {
  /** The email already has an account in this organization (compared case-insensitively). */
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  /** An operator with this email already exists. */
  OPERATOR_EMAIL_TAKEN = 'OPERATOR_EMAIL_TAKEN',
  /** No such member in the current organization (also: a member of another organization). */
  MEMBER_NOT_FOUND = 'MEMBER_NOT_FOUND',
  /** The change would leave the organization without an active admin. */
  LAST_ADMIN = 'LAST_ADMIN',
  /** The member still has records that point at the account; deactivate instead. */
  MEMBER_HAS_RECORDS = 'MEMBER_HAS_RECORDS',
  /** No active organization with this short name. */
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  /** A value the domain refuses (bad email, short password, unknown role). */
  INVALID_INPUT = 'INVALID_INPUT',
}

/** A refusal of the accounts domain; the exception filter renders it in the HTTP error shape. */
export class AccountsError extends DomainError {
  constructor(
    readonly code: AccountsErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AccountsError';
  }

  get httpStatus(): HttpStatus {
    return accountsErrorStatus(this.code);
  }

  get details(): readonly ErrorDetail[] {
    return this.field ? [{ field: this.field, reason: this.message.replace(new RegExp(`^${this.field} `), '') }] : [];
  }
}

/** The one mapping of accounts errors to HTTP; exhaustive, so a new code must be mapped here. */
export function accountsErrorStatus(code: AccountsErrorCode): HttpStatus {
  switch (code) {
    case AccountsErrorCode.EMAIL_TAKEN:
    case AccountsErrorCode.OPERATOR_EMAIL_TAKEN:
    case AccountsErrorCode.LAST_ADMIN:
    case AccountsErrorCode.MEMBER_HAS_RECORDS:
      return HttpStatus.CONFLICT;
    case AccountsErrorCode.MEMBER_NOT_FOUND:
    case AccountsErrorCode.ORGANIZATION_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case AccountsErrorCode.INVALID_INPUT:
      return HttpStatus.BAD_REQUEST;
  }
}
