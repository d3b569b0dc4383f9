import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import {
  AccountsService,
  checkEmail,
  checkName,
  checkPassword,
  checkRole,
  OrganizationDirectory,
  ORGANIZATION_ROLES,
} from '@mtl/accounts';
import { CrossOrganizationAccess, TenantContext } from '@mtl/tenancy';
import { reportingFailure, withOpenDatabase } from './command-support';

interface CreateUserOptions {
  email?: string;
  password?: string;
  org?: string;
  role?: string;
  name?: string;
}

const USAGE =
  `usage: users:create --email E --password P --org SHORT_NAME --role ` + `${ORGANIZATION_ROLES.join('|')} [--name N]`;

/**
 * `users:create --email E --password P --org SHORT_NAME --role R [--name N]`: an account in one
 * organization (how an organization's first admin comes to be). Runs inside that organization's
 * tenant context, like a request of one of its members.
 */
@Command({
  name: 'users:create',
  description: 'Create a user in an organization with a role (learner, author or admin)',
})
export class UsersCreateCommand extends CommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    private readonly crossOrganization: CrossOrganizationAccess,
    private readonly organizations: OrganizationDirectory,
    private readonly accounts: AccountsService,
  ) {
    super();
  }

  @Option({ flags: '--email <email>', description: 'Email (unique in the organization, case-insensitively)' })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--password <password>', description: 'Password, at least 8 characters' })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '--org <short_name>', description: 'The organization (short_name, any case)' })
  parseOrg(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: `One of ${ORGANIZATION_ROLES.join(', ')}` })
  parseRole(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'Display name (default: the email)' })
  parseName(value: string): string {
    return value;
  }

  async run(_args: string[], options: CreateUserOptions): Promise<void> {
    await reportingFailure(() => this.create(options));
  }

  private async create(options: CreateUserOptions): Promise<void> {
    for (const option of ['email', 'password', 'org', 'role'] as const) {
      if (options[option] === undefined || options[option] === '')
        throw new Error(`--${option} is required (${USAGE})`);
    }
    const { email, password, org, role, name } = options as Required<Omit<CreateUserOptions, 'name'>> & {
      name?: string;
    };
    checkEmail(email);
    checkPassword(password, email);
    checkRole(role);
    if (name !== undefined) checkName(name);
    await withOpenDatabase(this.dataSource, async () => {
      await this.context.runInNewContext(async () => {
        const organization = await this.organizations.findActiveByShortName(org);
        if (!organization) throw new Error(`no active organization with short_name '${org}'`);
        // A command belongs to no organization: it enters this one on the audited path.
        const user = await this.crossOrganization.withinOrganization(
          organization.id,
          { actor: 'system', reason: `users:create: ${role} in ${organization.shortName}` },
          () => this.accounts.createUser({ email, password, role, name }),
        );
        process.stdout.write(
          `Created user: id=${user.id}, email=${user.email}, name='${user.name}', ` +
            `organization=${organization.shortName} (id=${organization.id}), role=${user.role}\n`,
        );
      });
    });
  }
}
