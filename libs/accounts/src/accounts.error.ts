import { HttpStatus } from '@nestjs/common';
import { CodedFieldError, statusTable } from '@mtl/http';

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
export class AccountsError extends CodedFieldError<AccountsErrorCode> {
  get httpStatus(): HttpStatus {
    return accountsErrorStatus(this.code);
  }
}

/** The one mapping of accounts errors to HTTP; a table over every code, so a new code must be mapped here. */
export const accountsErrorStatus = statusTable<AccountsErrorCode>({
  [AccountsErrorCode.EMAIL_TAKEN]: HttpStatus.CONFLICT,
  [AccountsErrorCode.OPERATOR_EMAIL_TAKEN]: HttpStatus.CONFLICT,
  [AccountsErrorCode.LAST_ADMIN]: HttpStatus.CONFLICT,
  [AccountsErrorCode.MEMBER_HAS_RECORDS]: HttpStatus.CONFLICT,
  [AccountsErrorCode.MEMBER_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [AccountsErrorCode.ORGANIZATION_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [AccountsErrorCode.INVALID_INPUT]: HttpStatus.BAD_REQUEST,
});
