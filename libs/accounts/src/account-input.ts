import { isEmail } from 'class-validator';
import { stringProblem } from '@mtl/http';
import { AccountsError, AccountsErrorCode } from './accounts.error';
import { ORGANIZATION_ROLES, OrganizationRole } from './organization-membership.entity';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-hasher';

/** Checks shared by every way an account is made (HTTP, CLI); DTOs check the same earlier. */
export function checkEmail(email: string): string {
  const problem = stringProblem(email);
  if (problem) throw new AccountsError(AccountsErrorCode.INVALID_INPUT, `email ${problem}`, 'email');
  const trimmed = email.trim();
  if (!isEmail(trimmed) || trimmed.length > 254)
    throw new AccountsError(AccountsErrorCode.INVALID_INPUT, 'email must be an email', 'email');
  return trimmed;
}

export function checkName(name: string): string {
  const problem = stringProblem(name);
  if (problem) throw new AccountsError(AccountsErrorCode.INVALID_INPUT, `name ${problem}`, 'name');
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 255) {
    throw new AccountsError(AccountsErrorCode.INVALID_INPUT, 'name must be 1 to 255 characters', 'name');
  }
  return trimmed;
}

/** The password rule, stated whole in every refusal so that a learner knows what to type. */
export const PASSWORD_RULE =
  `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} ` + `characters and must not be the email`;

/** True when `password` keeps the rule: its length, and not the account's email (any case, trimmed). */
export function isAcceptablePassword(password: unknown, email?: unknown): boolean {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
    return false;
  return typeof email !== 'string' || password.trim().toLowerCase() !== email.trim().toLowerCase();
}

export function checkPassword(password: string, email?: string): string {
  if (!isAcceptablePassword(password, email)) {
    throw new AccountsError(AccountsErrorCode.INVALID_INPUT, `password ${PASSWORD_RULE}`, 'password');
  }
  return password;
}

export function checkRole(role: string): OrganizationRole {
  if (!(ORGANIZATION_ROLES as readonly string[]).includes(role)) {
    throw new AccountsError(
      AccountsErrorCode.INVALID_INPUT,
      `role must be one of ${ORGANIZATION_ROLES.join(', ')}`,
      'role',
    );
  }
  return role as OrganizationRole;
}

/** True for a PostgreSQL error with this SQLSTATE (23505 unique, 23503 foreign key). */
export function isPostgresError(error: unknown, code: string): boolean {
  const driver = (error as { driverError?: { code?: unknown }; code?: unknown } | null)?.driverError ?? error;
  return (driver as { code?: unknown } | null)?.code === code;
}
