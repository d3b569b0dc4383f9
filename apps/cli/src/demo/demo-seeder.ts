import { Inject, Injectable } from '@nestjs/common';
import { AccountsError, AccountsErrorCode, AccountsService, OperatorsService, OrganizationRole } from '@mtl/accounts';
import { platformConfig, PlatformSettings } from '@mtl/config';
import {
  AuthoringErrorCode,
  AuthoringError,
  CourseAuthoringService,
  CourseRun,
  DEFAULT_ENROLLMENT_MODE,
  EnrollmentsRepository,
} from '@mtl/courses';
import { Organization, OrganizationsRepository, OrganizationsService } from '@mtl/organizations';
import { SitesErrorCode, SitesError, SitesService } from '@mtl/sites';
import { CrossOrganizationAccess, TenantContext, TenantTransactions } from '@mtl/tenancy';
import {
  DEMO_COURSES,
  DEMO_MAIN_SITE_VALUES,
  DEMO_MEMBER_ROLES,
  DEMO_OPERATOR,
  DEMO_ORGANIZATIONS,
  DEMO_PASSWORDS,
  DemoOrganization,
  demoMemberEmail,
  demoMemberName,
} from './demo-data';

/** What a step did to one row: a re-run reports `exists` everywhere and writes nothing. */
export type SeedOutcome = 'created' | 'reactivated' | 'exists';

export interface SeededOrganization {
  id: number;
  shortName: string;
  name: string;
  outcome: SeedOutcome;
}

export interface SeededAccount {
  email: string;
  /** The demo password; an account that already existed keeps whatever password it has. */
  password: string;
  /** Short name of the account's organization; null for an operator. */
  organization: string | null;
  role: OrganizationRole | 'operator';
  active: boolean;
  outcome: Exclude<SeedOutcome, 'reactivated'>;
}

export interface SeededSite {
  domain: string;
  name: string;
  organization: string | null;
  outcome: Exclude<SeedOutcome, 'reactivated'>;
}

export interface SeededCourse {
  courseKey: string;
  displayName: string;
  catalogVisibility: string;
  published: boolean;
  outcome: Exclude<SeedOutcome, 'reactivated'>;
}

/** A demo learner's enrollment; `course` null when their organization has no listed course yet. */
export interface SeededEnrollment {
  learner: string;
  organization: string;
  site: string;
  course: string | null;
  outcome: Exclude<SeedOutcome, 'reactivated'> | 'no course';
}

export interface DemoSummary {
  organizations: SeededOrganization[];
  accounts: SeededAccount[];
  sites: SeededSite[];
  courses: SeededCourse[];
  enrollments: SeededEnrollment[];
}

/**
 * Idempotent demo data for `npm start`, one method per part so later parts (sites, courses) slot
 * into `seed()`. Everything goes through the real services, as an operator's command would:
 * organizations through OrganizationsService.add, members inside their organization's tenant
 * context, the operator through OperatorsService. Existing rows are found first and left as they
 * are (an existing account's password is never reset); only an inactive demo organization is
 * reactivated, as `orgs:add` would. Requires an open database.
 */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly context: TenantContext,
    private readonly crossOrganization: CrossOrganizationAccess,
    private readonly transactions: TenantTransactions,
    private readonly registry: OrganizationsRepository,
    private readonly organizations: OrganizationsService,
    private readonly accounts: AccountsService,
    private readonly operators: OperatorsService,
    private readonly sites: SitesService,
    private readonly authoring: CourseAuthoringService,
    private readonly enrollments: EnrollmentsRepository,
    @Inject(platformConfig.KEY) private readonly platform: PlatformSettings,
  ) {}

  async seed(): Promise<DemoSummary> {
    const summary: DemoSummary = { organizations: [], accounts: [], sites: [], courses: [], enrollments: [] };
    summary.accounts.push(await this.seedOperator());
    summary.sites.push(
      await this.seedSite(this.platform.DEFAULT_SITE_DOMAIN, 'Main site', null, DEMO_MAIN_SITE_VALUES),
    );
    for (const demo of DEMO_ORGANIZATIONS) {
      const organization = await this.seedOrganization(demo);
      summary.organizations.push(organization);
      summary.accounts.push(...(await this.seedMembers(demo, organization)));
      summary.sites.push(
        await this.seedSite(demo.site.domain, demo.site.name, organization.shortName, demo.site.values),
      );
      summary.courses.push(...(await this.seedCourses(organization)));
    }
    // After the courses: each learner is enrolled in one of them.
    summary.enrollments.push(...(await this.seedDemoEnrollments(summary.organizations)));
    return summary;
  }

  /** The organization, created (or reactivated) through `add`; an active one is left untouched. */
  seedOrganization(demo: DemoOrganization): Promise<SeededOrganization> {
    return this.context.runInNewContext(async () => {
      const before = await this.findOrganization(demo.shortName);
      const organization = before?.active
        ? before
        : await this.organizations.add({ shortName: demo.shortName, name: demo.name });
      const outcome: SeedOutcome = before === null ? 'created' : before.active ? 'exists' : 'reactivated';
      return { id: organization.id, shortName: organization.shortName, name: organization.name, outcome };
    });
  }

  /** An admin, an author and a learner, each created inside the organization's tenant context. */
  seedMembers(demo: DemoOrganization, organization: SeededOrganization): Promise<SeededAccount[]> {
    return this.inOrganization(organization, 'members', async () => {
      const seeded: SeededAccount[] = [];
      for (const role of DEMO_MEMBER_ROLES) {
        seeded.push(
          await this.seedMember(organization.shortName, demoMemberEmail(demo, role), demoMemberName(demo, role), role),
        );
      }
      return seeded;
    });
  }

  /**
   * A site with its configuration enabled and the demo values merged in; an existing site (and its
   * configuration, however an operator changed it) is left as it is.
   */
  seedSite(
    domain: string,
    name: string,
    organization: string | null,
    values: Readonly<Record<string, unknown>>,
  ): Promise<SeededSite> {
    return this.context.runInNewContext(async () => {
      const existing = await this.sites.get(domain).catch((error: unknown) => {
        if (error instanceof SitesError && error.code === SitesErrorCode.SITE_NOT_FOUND) return null;
        throw error;
      });
      if (existing)
        return { domain: existing.domain, name: existing.name, organization: existing.organization, outcome: 'exists' };
      const site = await this.sites.create({ domain, organization, name });
      await this.sites.configure(site.domain, { values: { ...values }, merge: true, enabled: true });
      return { domain: site.domain, name: site.name, organization: site.organization, outcome: 'created' };
    });
  }

  /**
   * The demo course runs, through the service Studio uses, inside the organization as its author
   * would work: created, then published and given their visibility; an existing one (whatever an
   * author has since changed) is left as it is.
   */
  seedCourses(organization: SeededOrganization): Promise<SeededCourse[]> {
    return this.inOrganization(organization, 'courses', async () => {
      const seeded: SeededCourse[] = [];
      for (const demo of DEMO_COURSES) {
        const courseKey = `course-v1:${organization.shortName}+${demo.number}+${demo.run}`;
        const existing = await this.authoring.getCourse(courseKey).catch((error: unknown) => {
          if (error instanceof AuthoringError && error.code === AuthoringErrorCode.COURSE_NOT_FOUND) return null;
          throw error;
        });
        if (existing) {
          seeded.push({
            courseKey,
            displayName: existing.displayName,
            catalogVisibility: existing.catalogVisibility,
            published: existing.published,
            outcome: 'exists',
          });
          continue;
        }
        await this.authoring.createCourse({
          org: organization.shortName,
          number: demo.number,
          run: demo.run,
          displayName: demo.displayName,
          start: demo.start,
          end: demo.end,
        });
        const course = await this.authoring.updateCourse(courseKey, {
          catalogVisibility: demo.catalogVisibility,
          published: demo.published,
        });
        seeded.push({
          courseKey,
          displayName: course.displayName,
          catalogVisibility: course.catalogVisibility,
          published: course.published,
          outcome: 'created',
        });
      }
      return seeded;
    });
  }

  // ---- Demo enrollments (issue 12: LMS catalog and enrollment) -----------------------------------

  /**
   * Enrolls each demo learner in one course of their organization: the first listed one (published,
   * visibility `both`) by key. Idempotent: a learner with any enrollment (even one they left) is
   * left as they are. Before any demo course exists there is nothing to enroll in, and it says so.
   */
  async seedDemoEnrollments(organizations: readonly SeededOrganization[]): Promise<SeededEnrollment[]> {
    const seeded: SeededEnrollment[] = [];
    for (const demo of DEMO_ORGANIZATIONS) {
      const organization = organizations.find((o) => o.shortName.toLowerCase() === demo.shortName.toLowerCase());
      if (!organization) continue;
      const learnerEmail = demoMemberEmail(demo, 'learner');
      const base = { learner: learnerEmail, organization: organization.shortName, site: demo.site.domain };
      seeded.push(
        await this.inOrganization(organization, 'enrollments', async (): Promise<SeededEnrollment> => {
          const learner = await this.accounts.findByEmail(learnerEmail);
          const course = await this.transactions.run((manager) =>
            manager.getRepository(CourseRun).findOne({
              where: { organizationId: organization.id, published: true, catalogVisibility: 'both' },
              order: { courseKey: 'ASC' },
            }),
          );
          if (!learner || !course) return { ...base, course: null, outcome: 'no course' };
          if ((await this.enrollments.countBy({ userId: learner.id })) > 0)
            return { ...base, course: course.courseKey, outcome: 'exists' };
          await this.enrollments.enrollOrReactivate(
            { kind: 'member', id: learner.id },
            course.id,
            DEFAULT_ENROLLMENT_MODE,
          );
          return { ...base, course: course.courseKey, outcome: 'created' };
        }),
      );
    }
    return seeded;
  }

  // ---- end of demo enrollments -------------------------------------------------------------------

  /**
   * Runs `fn` in a fresh context entered for the organization: a command has no organization of
   * its own, so it goes in through CrossOrganizationAccess, audited like any operator's entry.
   */
  private inOrganization<T>(organization: SeededOrganization, what: string, fn: () => Promise<T>): Promise<T> {
    return this.context.runInNewContext(() =>
      this.crossOrganization.withinOrganization(
        organization.id,
        { actor: 'system', reason: `seed:demo: ${what} of ${organization.shortName}` },
        fn,
      ),
    );
  }

  /** The platform operator (no organization). */
  seedOperator(): Promise<SeededAccount> {
    return this.context.runInNewContext(async () => {
      const password = DEMO_PASSWORDS.operator;
      const base = { email: DEMO_OPERATOR.email, password, organization: null, role: 'operator' as const };
      const existing = await this.operators.findByEmail(DEMO_OPERATOR.email);
      if (existing) return { ...base, email: existing.email, active: existing.active, outcome: 'exists' };
      try {
        const operator = await this.operators.createOperator({
          email: DEMO_OPERATOR.email,
          name: DEMO_OPERATOR.name,
          password,
        });
        return { ...base, active: operator.active, outcome: 'created' };
      } catch (error) {
        if (!isAccountsError(error, AccountsErrorCode.OPERATOR_EMAIL_TAKEN)) throw error;
        // A concurrent seed created it between the lookup and the insert.
        const operator = await this.operators.findByEmail(DEMO_OPERATOR.email);
        return { ...base, active: operator?.active ?? true, outcome: 'exists' };
      }
    });
  }

  /** One member in the context's organization; an existing account is reported as it is now. */
  private async seedMember(
    organization: string,
    email: string,
    name: string,
    role: OrganizationRole,
  ): Promise<SeededAccount> {
    const password = DEMO_PASSWORDS[role];
    const existing = await this.existingMember(email);
    if (existing) return { email, password, organization, ...existing, outcome: 'exists' };
    try {
      const member = await this.accounts.createUser({ email, name, password, role });
      return { email, password, organization, role: member.role, active: member.active, outcome: 'created' };
    } catch (error) {
      if (!isAccountsError(error, AccountsErrorCode.EMAIL_TAKEN)) throw error;
      const raced = await this.existingMember(email);
      return {
        email,
        password,
        organization,
        role: raced?.role ?? role,
        active: raced?.active ?? true,
        outcome: 'exists',
      };
    }
  }

  private async existingMember(email: string): Promise<{ role: OrganizationRole; active: boolean } | null> {
    const user = await this.accounts.findByEmail(email);
    if (!user) return null;
    const member = await this.accounts.getMember(user.id);
    return { role: member.role, active: member.active };
  }

  /** The organization with this short name, active or not, case-insensitively (global registry). */
  private findOrganization(shortName: string): Promise<Organization | null> {
    return this.registry.findByShortName(shortName, { includeInactive: true });
  }
}

function isAccountsError(error: unknown, code: AccountsErrorCode): boolean {
  return error instanceof AccountsError && error.code === code;
}
