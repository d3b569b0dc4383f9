import { readFileSync } from 'node:fs';
import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SitesService } from '@mtl/sites';
import { TenantContext } from '@mtl/tenancy';
import { withOpenDatabase } from './command-support';

interface SitesConfigureOptions {
  configuration?: string;
  file?: string;
  enabled?: boolean;
  disabled?: boolean;
}

/**
 * `sites:configure DOMAIN [--configuration JSON | -f FILE] [--enabled | --disabled]`: shallow-
 * merges values into the site's configuration (as Open edX's create_or_update_site_configuration)
 * and prints the result. Running LMS instances see the change within a second.
 */
@Command({
  name: 'sites:configure',
  arguments: '<domain>',
  description: "Shallow-merge values into a site's configuration and/or enable or disable it; prints the result",
})
export class SitesConfigureCommand extends CommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    private readonly sites: SitesService,
  ) {
    super();
  }

  @Option({ flags: '--configuration <json>', description: 'A JSON object of values to merge' })
  parseConfiguration(value: string): string {
    return value;
  }

  @Option({ flags: '-f, --file <file>', description: 'A file holding a JSON object of values to merge' })
  parseFile(value: string): string {
    return value;
  }

  @Option({ flags: '--enabled', description: 'Enable the configuration' })
  parseEnabled(): boolean {
    return true;
  }

  @Option({ flags: '--disabled', description: 'Disable the configuration' })
  parseDisabled(): boolean {
    return true;
  }

  async run([domain]: string[], options: SitesConfigureOptions): Promise<void> {
    if (options.enabled && options.disabled) throw new Error('--enabled and --disabled cannot be used together');
    if (options.configuration !== undefined && options.file !== undefined)
      throw new Error('--configuration and -f cannot be used together');
    const values = this.values(options);
    const enabled = options.enabled ? true : options.disabled ? false : undefined;
    if (values === undefined && enabled === undefined)
      throw new Error('nothing to do: give --configuration, -f, --enabled or --disabled');
    await withOpenDatabase(this.dataSource, async () => {
      const site = await this.context.runInNewContext(() =>
        this.sites.configure(domain, { values, merge: true, enabled }),
      );
      process.stdout.write(`${JSON.stringify({ domain: site.domain, ...site.configuration }, null, 2)}\n`);
    });
  }

  private values(options: SitesConfigureOptions): Record<string, unknown> | undefined {
    const source =
      options.file !== undefined
        ? { name: `-f ${options.file}`, text: readFileSync(options.file, 'utf8') }
        : options.configuration !== undefined
          ? { name: '--configuration', text: options.configuration }
          : undefined;
    if (!source) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(source.text);
    } catch (error) {
      throw new Error(`${source.name} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error(`${source.name} must be a JSON object`);
    return parsed as Record<string, unknown>;
  }
}
