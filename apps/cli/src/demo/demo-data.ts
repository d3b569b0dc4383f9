import type { OrganizationRole } from '@mtl/accounts';
import type { CatalogVisibility } from '@mtl/courses';

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

export interface DemoSite {
  /** `*.localhost` names resolve to 127.0.0.1 in curl and browsers: no /etc/hosts needed. */
  readonly domain: string;
  readonly name: string;
  /** Merged into the site's configuration (which starts with course_org_filter). */
  readonly values: Readonly<Record<string, unknown>>;
}

export interface DemoOrganization {
  readonly shortName: string;
  readonly name: string;
  /** Members' emails are `<role>@<emailDomain>`. */
  readonly emailDomain: string;
  readonly site: DemoSite;
}

export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  {
    shortName: 'MITx',
    name: 'MIT',
    emailDomain: 'mitx.demo',
    site: {
      domain: 'mitx.localhost',
      name: 'MITx Online',
      values: { platform_name: 'MITx Online', theme: { primary_color: '#a31f34', logo_url: '/static/mitx/logo.svg' } },
    },
  },
  {
    shortName: 'HarvardX',
    name: 'Harvard',
    emailDomain: 'harvardx.demo',
    site: {
      domain: 'harvardx.localhost',
      name: 'HarvardX',
      values: {
        platform_name: 'HarvardX Learning',
        theme: { primary_color: '#a51c30', logo_url: '/static/harvardx/logo.svg' },
      },
    },
  },
];

/** The main site (DEFAULT_SITE_DOMAIN): no organization; shows what no tenant site claims. */
export const DEMO_MAIN_SITE_VALUES: Readonly<Record<string, unknown>> = {
  platform_name: 'Open Multi-tenant LMS (demo)',
  theme: { primary_color: '#1f4e79' },
};

/** Every organization gets one member of each role, in this order. */
export const DEMO_MEMBER_ROLES: readonly OrganizationRole[] = ['admin', 'author', 'learner'];

export const DEMO_OPERATOR = { email: 'operator@platform.demo', name: 'Demo Operator' } as const;

export function demoMemberEmail(organization: DemoOrganization, role: OrganizationRole): string {
  return `${role}@${organization.emailDomain}`;
}

export function demoMemberName(organization: DemoOrganization, role: OrganizationRole): string {
  return `${organization.name} ${role[0].toUpperCase()}${role.slice(1)}`;
}

/** A demo course run; the org is the organization's short name (course-v1:ORG+NUMBER+RUN). */
export interface DemoCourse {
  readonly number: string;
  readonly run: string;
  readonly displayName: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly catalogVisibility: CatalogVisibility;
  readonly published: boolean;
}

/**
 * Every demo organization gets these: published `both` ones (the LMS catalog lists them, one
 * already ended for the start-date sort), one unpublished, one `about` (its page only) and one
 * `none` (neither).
 */
export const DEMO_COURSES: readonly DemoCourse[] = [
  {
    number: 'CS101',
    run: '2026_T1',
    displayName: 'Introduction to Computer Science',
    start: '2026-01-12T00:00:00.000Z',
    end: '2026-05-29T00:00:00.000Z',
    catalogVisibility: 'both',
    published: true,
  },
  {
    number: 'DS201',
    run: '2026_T2',
    displayName: 'Data Science in Practice',
    start: '2026-09-07T00:00:00.000Z',
    end: '2027-01-22T00:00:00.000Z',
    catalogVisibility: 'both',
    published: true,
  },
  {
    number: 'HIST110',
    run: '2025_T1',
    displayName: 'A Short History of Science',
    start: '2025-02-03T00:00:00.000Z',
    end: '2025-06-13T00:00:00.000Z',
    catalogVisibility: 'both',
    published: true,
  },
  {
    number: 'ML301',
    run: '2027_T1',
    displayName: 'Machine Learning (in preparation)',
    start: null,
    end: null,
    catalogVisibility: 'both',
    published: false,
  },
  {
    number: 'PRIV100',
    run: '2026_T1',
    displayName: 'Invitation-only Seminar',
    start: '2026-03-02T00:00:00.000Z',
    end: '2026-04-24T00:00:00.000Z',
    catalogVisibility: 'about',
    published: true,
  },
  {
    number: 'STAFF001',
    run: 'ongoing',
    displayName: 'Staff Onboarding',
    start: null,
    end: null,
    catalogVisibility: 'none',
    published: true,
  },
];
