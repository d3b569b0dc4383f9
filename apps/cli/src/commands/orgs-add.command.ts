import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { OrganizationsService, shortNameProblem } from '@mtl/organizations';
import { TenantContext } from '@mtl/tenancy';
import { reportingFailure, withOpenDatabase } from './command-support';

/**
 * `orgs:add SHORT_NAME NAME`: creates an organization, returns an existing one unchanged, or
 * reactivates an inactive one with its course links (edx-organizations' `add_organization`
 * command, B-ORGAPI-15). Runs as an operator: in a fresh context with no organization, so the
 * service enters the organization itself for the link step.
 */
@Command({
  name: 'orgs:add',
  arguments: '<short_name> <name>',
  description: 'Create (or reactivate) an organization; SHORT_NAME may use only A-Z a-z 0-9 . _ -',
})
export class OrgsAddCommand extends CommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    private readonly organizations: OrganizationsService,
  ) {
    super();
  }

  async run([shortName, name]: string[]): Promise<void> {
    await reportingFailure(() => this.add(shortName, name));
  }

  private async add(shortName: string, name: string): Promise<void> {
    // Checked before the database is opened, so a typo costs nothing and writes nothing.
    const problem = shortNameProblem(shortName);
    if (problem !== null) throw new Error(`short_name ${JSON.stringify(shortName)} ${problem}`);
    if (!name) throw new Error('name is required (usage: orgs:add SHORT_NAME NAME)');
    // As the original: a short name longer than the name usually means swapped arguments.
    if (shortName.length > name.length) {
      throw new Error(
        `short_name '${shortName}' is longer than name '${name}': did you swap them? (usage: orgs:add SHORT_NAME NAME)`,
      );
    }
    await withOpenDatabase(this.dataSource, async () => {
      const organization = await this.context.runInNewContext(() => this.organizations.add({ shortName, name }));
      process.stdout.write(
        `Created or activated organization: id=${organization.id}, ` +
          `short_name=${organization.shortName}, name='${organization.name}'\n`,
      );
    });
  }
}
