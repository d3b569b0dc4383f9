import { Transform } from 'class-transformer';
import { IsBoolean, IsFQDN, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { parseBooleanEnv, parseIntegerEnv } from '../env-parsers';
import { EnvVar } from '../env-var.decorator';

/** Platform-wide settings that site configuration may override per site. */
export class PlatformConfig {
  @EnvVar({ description: "Platform name, the fallback of a site's platform_name", default: 'Open Multi-tenant LMS' })
  @IsString()
  @Length(1, 200)
  PLATFORM_NAME!: string;

  @EnvVar({ description: 'Domain of the main site, served for unknown hosts', default: 'localhost' })
  @IsFQDN({ require_tld: false, allow_numeric_tld: true }, { message: 'must be a host name such as lms.example.com' })
  DEFAULT_SITE_DOMAIN!: string;

  @EnvVar({
    description:
      'Create unknown organizations on demand (course creation by operators); false makes the registry authoritative',
    default: 'true',
  })
  @Transform(({ value }) => parseBooleanEnv(value))
  @IsBoolean()
  ORGANIZATIONS_AUTOCREATE!: boolean;

  @EnvVar({
    description:
      'How often each instance checks its site cache against the database (ms); changes also arrive at once over Redis',
    default: '5000',
  })
  @Transform(({ value }) => parseIntegerEnv(value))
  @IsInt()
  @Min(100)
  @Max(600_000)
  SITE_RECONCILE_INTERVAL_MS!: number;

  @EnvVar({
    description:
      "Sort the LMS catalog as Open edX's sort_by_start_date (courses not yet ended first, then " +
      "by start) instead of by course key; a site's value of the same name wins",
    default: 'false',
  })
  @Transform(({ value }) => parseBooleanEnv(value))
  @IsBoolean()
  ENABLE_COURSE_SORTING_BY_START_DATE!: boolean;

  @EnvVar({
    description:
      'How long an LMS instance may keep a catalog page in memory (ms); any change to a course ' +
      'run drops the pages of its organization at once (PostgreSQL NOTIFY). 0 turns the cache off',
    default: '30000',
  })
  @Transform(({ value }) => parseIntegerEnv(value))
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  CATALOG_CACHE_TTL_MS!: number;
}
