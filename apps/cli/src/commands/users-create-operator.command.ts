import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { checkEmail, checkName, checkPassword, OperatorsService } from '@mtl/accounts';
import { TenantContext } from '@mtl/tenancy';
import { reportingFailure, withOpenDatabase } from './command-support';

interface CreateOperatorOptions {
  email?: string;
  password?: string;
  name?: string;
}

/** `users:create-operator --email E --password P [--name N]`: a platform operator (no organization). */
@Command({ name: 'users:create-operator', description: 'Create a platform operator (a user with no organization)' })
export class UsersCreateOperatorCommand extends CommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    private readonly operators: OperatorsService,
  ) {
    super();
  }

  @Option({ flags: '--email <email>', description: 'Email (unique among operators, case-insensitively)' })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--password <password>', description: 'Password, at least 8 characters' })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'Display name (default: the email)' })
  parseName(value: string): string {
    return value;
  }

  async run(_args: string[], options: CreateOperatorOptions): Promise<void> {
    await reportingFailure(() => this.create(options));
  }

  private async create(options: CreateOperatorOptions): Promise<void> {
    if (!options.email)
      throw new Error('--email is required (usage: users:create-operator --email E --password P [--name N])');
    if (options.password === undefined) throw new Error('--password is required');
    // Checked before the database opens: bad input costs nothing and writes nothing.
    checkEmail(options.email);
    checkPassword(options.password, options.email);
    if (options.name !== undefined) checkName(options.name);
    await withOpenDatabase(this.dataSource, async () => {
      const operator = await this.context.runInNewContext(() =>
        this.operators.createOperator({ email: options.email!, password: options.password!, name: options.name }),
      );
      process.stdout.write(`Created operator: id=${operator.id}, email=${operator.email}, name='${operator.name}'\n`);
    });
  }
}
