import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorDetail } from '@mtl/http';

/** Why an accounts operation was refused. Each code maps to exactly one HTTP answer below. */
export enum AccountsErrorCode {
  /** The email already has an account in this organization (compared case-insensitively). */
  EmailTaken = 'EMAIL_TAKEN',
  /** An operator with this email already exists. */
  OperatorEmailTaken = 'OPERATOR_EMAIL_TAKEN',
  /** No such member in the current organization (also: a member of another organization). */
  MemberNotFound = 'MEMBER_NOT_FOUND',
  /** The change would leave the organization without an active admin. */
  LastAdmin = 'LAST_ADMIN',
  /** The member still has records that point at the account; deactivate instead. */
  MemberHasRecords = 'MEMBER_HAS_RECORDS',
  /** No active organization with this short name. */
  OrganizationNotFound = 'ORGANIZATION_NOT_FOUND',
  /** A value the domain refuses (bad email, short password, unknown role). */
  InvalidInput = 'INVALID_INPUT',
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
    case AccountsErrorCode.EmailTaken:
    case AccountsErrorCode.OperatorEmailTaken:
    case AccountsErrorCode.LastAdmin:
    case AccountsErrorCode.MemberHasRecords:
      return HttpStatus.CONFLICT;
    case AccountsErrorCode.MemberNotFound:
    case AccountsErrorCode.OrganizationNotFound:
      return HttpStatus.NOT_FOUND;
    case AccountsErrorCode.InvalidInput:
      return HttpStatus.BAD_REQUEST;
  }
}
