import type { OrganizationRole } from '@mtl/accounts';

/**
 * The demo data `npm start` seeds (`cli seed:demo`). Passwords are fixed and public on purpose:
 * a newcomer reads them in the output and signs in. The command refuses NODE_ENV=production.
 */
export const DEMO_PASSWORDS: Readonly<Record<OrganizationRole | 'operator', string>> = {
  admin: 'demo-admin-pass',
  author: 'demo-author-pass',
  learner: 'demo-learner-pass',
  operator: 'demo-operator-pass',
};

export interface DemoOrganization {
  readonly shortName: string;
  readonly name: string;
  /** Members' emails are `<role>@<emailDomain>`. */
  readonly emailDomain: string;
}

export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  { shortName: 'MITx', name: 'MIT', emailDomain: 'mitx.demo' },
  { shortName: 'HarvardX', name: 'Harvard', emailDomain: 'harvardx.demo' },
];

/** Every organization gets one member of each role, in this order. */
export const DEMO_MEMBER_ROLES: readonly OrganizationRole[] = ['admin', 'author', 'learner'];

export const DEMO_OPERATOR = { email: 'operator@platform.demo', name: 'Demo Operator' } as const;

export function demoMemberEmail(organization: DemoOrganization, role: OrganizationRole): string {
  return `${role}@${organization.emailDomain}`;
}

export function demoMemberName(organization: DemoOrganization, role: OrganizationRole): string {
  return `${organization.name} ${role[0].toUpperCase()}${role.slice(1)}`;
}
