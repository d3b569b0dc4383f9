/**
 * Cost of the tenant transaction on a simple read.
 *
 *   npm run bench:rls
 *
 * One Nest app on Fastify, two endpoints reading the same user row with the same TypeORM
 * repository call: `/without` queries on a pool of the database owner with no transaction (no
 * row-level security); `/with` goes through the request transaction on the request pool, which
 * logs in as mtl_app (BEGIN, the signed scope's set_config, RLS-filtered read, COMMIT) and the
 * tenant-scoped repository. Each is loaded
 * by autocannon (50 connections) in alternating rounds; the last line is `rls_ratio=<with/without>`.
 */
import 'reflect-metadata';
import {
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Injectable,
  Module,
  NotFoundException,
  Param,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseConfig, loadConcern } from '../../libs/config/src';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { User } from '../../libs/accounts/src';
import { configurePlatformHttpApp } from '../../libs/app-core/src';
import { AppConfigModule } from '../../libs/config/src';
import { DatabaseModule, dataSourceOptions } from '../../libs/database/src';
import { createFastifyAdapter } from '../../libs/http/src';
import { LoggingModule } from '../../libs/logging/src';
import {
  InRequestTransaction,
  TenancyModule,
  TenantContext,
  TenantScopedRepository,
  TenantTransactions,
} from '../../libs/tenancy/src';
import { createBenchDatabase } from './bench-database';
import { load, median } from './http-load';

@Injectable()
class UsersRepository extends TenantScopedRepository<User> {
  constructor(transactions: TenantTransactions, context: TenantContext) {
    super(User, transactions, context);
  }
}

/** Stands in for authentication: the organization comes from a header, as a token's would. */
@Injectable()
class OrganizationFromHeaderGuard implements CanActivate {
  constructor(private readonly context: TenantContext) {}
  canActivate(ctx: ExecutionContext): boolean {
    const org = Number(ctx.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-org']);
    this.context.enterOrganization(org);
    return true;
  }
}

/** A pool of the owner, the same size as the request pool: the baseline without RLS. */
const OWNER_DATA_SOURCE = 'benchOwner';

@Controller()
class BenchController {
  constructor(
    private readonly users: UsersRepository,
    @InjectDataSource(OWNER_DATA_SOURCE) private readonly owner: DataSource,
  ) {}

  @Get('without/:org/:id')
  async without(@Param('org') org: string, @Param('id') id: string): Promise<{ email: string }> {
    const user = await this.owner.getRepository(User).findOneBy({ organizationId: Number(org), id });
    if (!user) throw new NotFoundException();
    return { email: user.email };
  }

  @Get('with/:org/:id')
  @UseGuards(OrganizationFromHeaderGuard)
  @InRequestTransaction()
  async with(@Param('id') id: string): Promise<{ email: string }> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundException();
    return { email: user.email };
  }
}

@Module({
  imports: [
    AppConfigModule.forRoot(),
    LoggingModule.forApp('bench'),
    DatabaseModule.forApp('bench'),
    TypeOrmModule.forRootAsync({
      name: OWNER_DATA_SOURCE,
      useFactory: () => {
        const db = loadConcern(DatabaseConfig);
        return {
          ...dataSourceOptions(db, 'bench-owner', 'owner'),
          extra: { max: db.DATABASE_POOL_SIZE },
          entities: [User],
        };
      },
    }),
    TenancyModule,
    TypeOrmModule.forFeature([User]),
  ],
  controllers: [BenchController],
  providers: [UsersRepository, OrganizationFromHeaderGuard],
})
class BenchModule {}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const db = await createBenchDatabase('rls');
  process.env.DATABASE_URL = db.url;
  process.env.LOG_LEVEL = 'warn';
  process.env.LOG_FORMAT = 'json';
  const owner = new Client({ connectionString: db.url });
  await owner.connect();
  const [org] = (
    await owner.query<{ id: number }>(
      `INSERT INTO organizations (name, short_name) VALUES ('Bench', 'bench') RETURNING id`,
    )
  ).rows;
  await owner.query(`INSERT INTO organizations (name, short_name) VALUES ('Other', 'other')`);
  const [user] = (
    await owner.query<{ id: string }>(
      `INSERT INTO users (organization_id, email, name, password_hash) SELECT $1, 'u' || g || '@bench.example', 'U', 'x' FROM generate_series(1, 1000) g RETURNING id`,
      [org.id],
    )
  ).rows;
  await owner.end();

  const app = await NestFactory.create<NestFastifyApplication>(
    BenchModule,
    createFastifyAdapter({ trustProxy: false }),
    { bufferLogs: true },
  );
  configurePlatformHttpApp(app, { title: 'bench', description: 'bench', trustProxy: false });
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const headers = { 'x-org': String(org.id) };
  const urls = { without: `${base}/without/${org.id}/${user.id}`, with: `${base}/with/${org.id}/${user.id}` };
  for (const url of Object.values(urls)) {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  }
  await load(urls.without, { seconds: 2, headers }); // warm-up
  await load(urls.with, { seconds: 2, headers });
  const results: Record<'without' | 'with', number[]> = { without: [], with: [] };
  for (let round = 0; round < rounds; round++) {
    for (const kind of ['without', 'with'] as const) {
      const r = await load(urls[kind], { seconds, headers });
      if (r.non2xx > 0) throw new Error(`${kind}: ${r.non2xx} non-2xx answers`);
      results[kind].push(r.requestsPerSecond);
      console.log(`round ${round + 1} ${kind.padEnd(7)} ${Math.round(r.requestsPerSecond)} req/s  p99 ${r.p99Ms} ms`);
    }
  }
  await app.close();
  await db.drop();
  const without = median(results.without);
  const withRls = median(results.with);
  console.log(`without transaction/RLS: ${Math.round(without)} req/s (median of ${rounds})`);
  console.log(`with tenant transaction + RLS: ${Math.round(withRls)} req/s (median of ${rounds})`);
  console.log(`rls_ratio=${(withRls / without).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
