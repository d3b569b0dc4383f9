import { Operator, OrganizationMembership, User } from '@mtl/accounts';
import { CourseRun, Enrollment, Library } from '@mtl/courses';
import { Organization, OrganizationCourse } from '@mtl/organizations';
import { Site, SiteConfiguration } from '@mtl/sites';
import { CrossOrganizationAudit } from '@mtl/tenancy';

/**
 * Every entity of the platform, for tools that need them all at once (migration generation).
 * Apps register entities per module with `forFeature`.
 */
export const ALL_ENTITIES: (new () => object)[] = [
  Organization,
  OrganizationCourse,
  User,
  OrganizationMembership,
  Operator,
  CrossOrganizationAudit,
  Site,
  SiteConfiguration,
  CourseRun,
  Library,
  Enrollment,
];
