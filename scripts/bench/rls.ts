/**
 * Cost of the tenant transaction on a simple read.
 *
 *   npm run bench:rls
 *
 * One Nest app on Fastify, three endpoints reading the same user row with the same TypeORM
 * repository call: `/without` queries on a pool of the database owner with no transaction (no
 * row-level security); `/with` goes through the request transaction on the request pool, which
 * logs in as mtl_app (the signed scope's set_config and the RLS-filtered read, in one round trip:
 * docs/adr/0016) and the tenant-scoped repository; `/transaction` is `/with` on the owner's pool
 * (the same guard, request transaction, scope statement and repository, but the owner, a superuser
 * here, bypasses RLS), so it splits the cost into the application's tenant path with its scope
 * statement and PostgreSQL's row-level security check. Each is loaded by autocannon (50
 * connections) in alternating rounds (BENCH_ROUNDS=5 of BENCH_SECONDS=5); the medians are printed
 * side by side, the last line being `rls_ratio=<with/without>`, the median of the rounds' own ratios.
 */
import 'reflect-metadata';
import { Controller, Get, Injectable, Module, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken, InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
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
  TenantScopeSigner,
  TenantTransactions,
} from '../../libs/tenancy/src';
import { OrganizationFromHeaderGuard } from '../../libs/testing/src/organization-from-header.guard';
import { createBenchDatabase } from './bench-database';
import { loadRounds, measureBackendsCpu, median, medianOf, RoundResult } from './http-load';

@Injectable()
class UsersRepository extends TenantScopedRepository<User> {
  constructor(transactions: TenantTransactions, context: TenantContext) {
    super(User, transactions, context);
  }
}

/** A pool of the owner, the same size as the request pool: the baseline without RLS. */
const OWNER_DATA_SOURCE = 'benchOwner';

/** Requests whose handler has not finished: the pool may close only once none is left. */
let inFlight = 0;
async function counted<T>(handler: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return await handler();
  } finally {
    inFlight--;
  }
}

/** The bench's one read: the user by id, through the tenant-scoped repository. */
function readUser(users: UsersRepository, id: string): Promise<{ email: string }> {
  return counted(async () => {
    const user = await users.findOneBy({ id });
    if (!user) throw new NotFoundException();
    return { email: user.email };
  });
}

@Controller()
class BenchController {
  constructor(
    private readonly users: UsersRepository,
    @InjectDataSource(OWNER_DATA_SOURCE) private readonly owner: DataSource,
  ) {}

  @Get('without/:org/:id')
  without(@Param('org') org: string, @Param('id') id: string): Promise<{ email: string }> {
    return counted(async () => {
      const user = await this.owner.getRepository(User).findOneBy({ organizationId: Number(org), id });
      if (!user) throw new NotFoundException();
      return { email: user.email };
    });
  }

  @Get('with/:org/:id')
  @UseGuards(OrganizationFromHeaderGuard)
  @InRequestTransaction()
  with(@Param('id') id: string): Promise<{ email: string }> {
    return readUser(this.users, id);
  }
}

/** `/with` on the owner's pool: its module's TenantTransactions (and so its repository) use that pool. */
@Controller()
class TransactionOnlyController {
  constructor(private readonly users: UsersRepository) {}

  @Get('transaction/:org/:id')
  @UseGuards(OrganizationFromHeaderGuard)
  @InRequestTransaction()
  transaction(@Param('id') id: string): Promise<{ email: string }> {
    return readUser(this.users, id);
  }
}

@Module({
  controllers: [TransactionOnlyController],
  providers: [
    {
      provide: TenantTransactions,
      inject: [getDataSourceToken(OWNER_DATA_SOURCE), ClsService, TenantContext, TenantScopeSigner],
      useFactory: (owner: DataSource, cls: ClsService, context: TenantContext, signer: TenantScopeSigner) =>
        new TenantTransactions(owner, cls, context, signer),
    },
    TenantScopeSigner,
    UsersRepository,
    OrganizationFromHeaderGuard,
  ],
})
class TransactionOnlyModule {}

@Module({
  imports: [
    AppConfigModule.forRoot(),
    LoggingModule.forApp('bench'),
    DatabaseModule.forApp('bench'),
    TypeOrmModule.forRootAsync({
      name: OWNER_DATA_SOURCE,
      useFactory: () => {
        const db = loadConcern(DatabaseConfig);
        const options = dataSourceOptions(db, 'bench-owner', 'owner');
        // The request pool's client and timeout, and its size (the owner's own pool has 2).
        return { ...options, extra: { ...options.extra, max: db.DATABASE_POOL_SIZE }, entities: [User] };
      },
    }),
    TenancyModule,
    TypeOrmModule.forFeature([User]),
    TransactionOnlyModule,
  ],
  controllers: [BenchController],
  providers: [UsersRepository, OrganizationFromHeaderGuard],
})
class BenchModule {}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
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
      `INSERT INTO users (organization_id, email, name, password_hash) SELECT $1, 'u' || g || ` +
        `'@bench.example', 'U', 'x' FROM generate_series(1, 1000) g RETURNING id`,
      [org.id],
    )
  ).rows;
  // Statistics now, not whenever autovacuum gets to it in the run: without them the planner read
  // `/without`'s row through the email index, filtering about a hundred rows (docs/performance.md).
  await owner.query('ANALYZE');

  const app = await NestFactory.create<NestFastifyApplication>(
    BenchModule,
    createFastifyAdapter({ trustProxy: false }),
    { bufferLogs: true },
  );
  configurePlatformHttpApp(app, { title: 'bench', description: 'bench', trustProxy: false });
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const headers = { 'x-org': String(org.id) };
  const kinds = ['without', 'transaction', 'with'] as const;
  type Kind = (typeof kinds)[number];
  const urls = Object.fromEntries(kinds.map((k) => [k, `${base}/${k}/${org.id}/${user.id}`])) as Record<Kind, string>;
  for (const url of Object.values(urls)) {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  }
  const results = await loadRounds({
    kinds,
    urls,
    seconds,
    rounds,
    connections: 50,
    headers,
    // This run's backends (the two pools), through the owner's own connection (not counted).
    otherCpu: () =>
      measureBackendsCpu(async () =>
        (
          await owner.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
          )
        ).rows.map((r) => r.pid),
      ),
  });
  await owner.end();
  // autocannon stops with requests in flight; the server still answers them. Closing the pool
  // under them ended them with "Connection terminated": wait for the last handler first.
  for (let waited = 0; inFlight > 0 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  await app.close();
  await db.drop();
  const rows: Record<Kind, string> = {
    without: 'without transaction/RLS (owner pool)',
    transaction: 'tenant transaction, no RLS (owner pool)',
    with: 'tenant transaction + RLS (mtl_app pool)',
  };
  // The ratio of each round's pair, loaded back to back, then their median: the machine's speed
  // drifts between rounds far more than within a pair (on a shared 2-core VM, by 2x and more).
  const ratios = (kind: Kind) =>
    results[kind].map((r, i) => r.requestsPerSecond / results.without[i].requestsPerSecond);
  // The same by what a request costs the whole machine (app, PostgreSQL, autocannon): with every
  // core busy, throughput is about cores / that cost, and the cost hardly moves with the machine's
  // speed. Printed beside the headline, which stays the measured throughput.
  const costRatios = (kind: Kind) =>
    results[kind].map((r, i) => results.without[i].machineCpuMicrosPerRequest / r.machineCpuMicrosPerRequest);
  console.log(`the same user read by id, medians of ${rounds} rounds (ratios: of each round's /without):`);
  for (const kind of kinds) {
    const of = (pick: (r: RoundResult) => number) => medianOf(results[kind], pick);
    console.log(
      `  ${rows[kind].padEnd(42)}${String(Math.round(of((r) => r.requestsPerSecond))).padStart(6)} req/s  ` +
        `p99 ${of((r) => r.p99Ms)} ms  app cpu ${of((r) => r.cpuMicrosPerRequest).toFixed(0)} µs/req  ` +
        `machine ${of((r) => r.machineCpuMicrosPerRequest).toFixed(0)} µs/req  ` +
        `ratio ${median(ratios(kind)).toFixed(2)} (per round ${ratios(kind)
          .map((r) => r.toFixed(2))
          .join(' ')})`,
    );
  }
  console.log(
    `  without/with machine cpu per round: ${costRatios('with')
      .map((r) => r.toFixed(2))
      .join(' ')}`,
  );
  console.log(`rls_transaction_ratio=${median(ratios('transaction')).toFixed(2)}`);
  console.log(`rls_cpu_ratio=${median(costRatios('with')).toFixed(2)}`);
  console.log(`rls_ratio=${median(ratios('with')).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
