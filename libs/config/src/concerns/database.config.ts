import { Transform } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, Max, Min } from 'class-validator';
import { developmentSecret } from '../development-secrets';
import { parseBooleanEnv, parseIntegerEnv } from '../env-parsers';
import { EnvVar } from '../env-var.decorator';
import { IsUrlWithProtocol } from '../validators/is-url-with-protocol.validator';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mtl';

/** The LOGIN role of the request and job pools: no superuser, no owner, no BYPASSRLS (docs/adr/0006). */
export const DATABASE_APP_ROLE = 'mtl_app';
/** The LOGIN role of the cross-organization pool, used only by CrossOrganizationAccess. */
export const DATABASE_CROSS_ORG_ROLE = 'mtl_cross_org';

/**
 * Outside production, a role's URL is DATABASE_URL's server and database with the role's name and
 * the checkout's generated password (.data/secrets/); the migrations give the role that password.
 */
function derivedUrl(env: NodeJS.ProcessEnv, role: string): string | undefined {
  if (env.NODE_ENV === 'production') return undefined;
  const base = env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  let url: URL;
  try {
    url = new URL(base);
    if (!['postgres:', 'postgresql:'].includes(url.protocol)) throw new Error('not PostgreSQL');
  } catch {
    // DATABASE_URL's own check names the problem; this placeholder is never used.
    return `postgres://${role}@derived-from-an-invalid-DATABASE_URL.invalid/`;
  }
  url.username = role;
  url.password = developmentSecret(`${role}.password`, env);
  return url.toString();
}

/**
 * The shared PostgreSQL database and the three logins the platform uses on it: the owner
 * (migrations), the runtime role (every request, job and command) and the cross-organization role.
 */
export class DatabaseConfig {
  @EnvVar({
    description:
      'PostgreSQL URL of the schema owner: migrations run through it (outside production the ' +
      'other two URLs are derived from it; npm start/test start an embedded server when unset and none answers)',
    default: DEFAULT_DATABASE_URL,
    secret: true,
  })
  @IsUrlWithProtocol(['postgres:', 'postgresql:'])
  DATABASE_URL!: string;

  @EnvVar({
    description:
      `PostgreSQL URL of the request and job connections, as ${DATABASE_APP_ROLE} ` +
      `(no superuser, owner or BYPASSRLS); required when NODE_ENV=production`,
    default: (env) => derivedUrl(env, DATABASE_APP_ROLE),
    secret: true,
  })
  @IsDefined({ message: 'is required when NODE_ENV=production' })
  @IsUrlWithProtocol(['postgres:', 'postgresql:'])
  DATABASE_APP_URL!: string;

  @EnvVar({
    description:
      `PostgreSQL URL of the audited cross-organization connections, as ` +
      `${DATABASE_CROSS_ORG_ROLE}; required when NODE_ENV=production`,
    default: (env) => derivedUrl(env, DATABASE_CROSS_ORG_ROLE),
    secret: true,
  })
  @IsDefined({ message: 'is required when NODE_ENV=production' })
  @IsUrlWithProtocol(['postgres:', 'postgresql:'])
  DATABASE_CROSS_ORG_URL!: string;

  @EnvVar({
    description:
      'Connections per process in the request and job pool (the cross-organization pool has a quarter, at least 2)',
    default: '10',
  })
  @Transform(({ value }) => parseIntegerEnv(value))
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE!: number;

  @EnvVar({
    description:
      'Longest wait, in ms, for PostgreSQL to answer a statement of the LMS and Studio (request ' +
      'and cross-organization pools); past it the connection is dropped and the request answers ' +
      '503 (a database that stops answering without closing). The worker, the CLI and migrations have none',
    default: '30000',
  })
  @Transform(({ value }) => parseIntegerEnv(value))
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_QUERY_TIMEOUT_MS!: number;

  @EnvVar({
    description: 'Apply pending migrations at start-up (under an advisory lock), as the owner of DATABASE_URL',
    default: 'true',
  })
  @Transform(({ value }) => parseBooleanEnv(value))
  @IsBoolean()
  DATABASE_MIGRATE_ON_START!: boolean;
}
