import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SitesService } from '@mtl/sites';
import { TenantContext } from '@mtl/tenancy';
import { withOpenDatabase } from './command-support';

interface SitesCreateOptions {
  name?: string;
}

/** `sites:create DOMAIN ORG_SHORT_NAME [--name N]`: a tenant site, configured for its organization. */
@Command({
  name: 'sites:create',
  arguments: '<domain> <org_short_name>',
  description:
    "Create a tenant site; its configuration starts enabled with course_org_filter = the organization's short_name",
})
export class SitesCreateCommand extends CommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    private readonly sites: SitesService,
  ) {
    super();
  }

  @Option({ flags: '--name <name>', description: 'Display name (defaults to the domain)' })
  parseName(value: string): string {
    return value;
  }

  async run([domain, organization]: string[], options: SitesCreateOptions): Promise<void> {
    await withOpenDatabase(this.dataSource, async () => {
      const site = await this.context.runInNewContext(() =>
        this.sites.create({ domain, organization, name: options.name }),
      );
      process.stdout.write(`Created site ${site.domain}:\n${JSON.stringify(site, null, 2)}\n`);
    });
  }
}
