/**
 * Cost of the tenant transaction on a simple read.
 *
 *   npm run bench:rls
 *
 * One Nest app on Fastify, two endpoints reading the same user row with the same TypeORM
 * repository call: `/without` queries on a pool of the database owner with no transaction (no
 * row-level security); `/with` goes through the request transaction on the request pool, which
 * logs in as mtl_app (the signed scope's set_config and the RLS-filtered read, in one round trip:
 * docs/adr/0016) and the tenant-scoped repository. Each is loaded by autocannon (50 connections)
 * in alternating rounds (BENCH_ROUNDS=5 of BENCH_SECONDS=5); both medians are printed side by side,
 * the last line being `rls_ratio=<with/without>`, the median of the rounds' own ratios.
 */
import 'reflect-metadata';
import { Controller, Get, Injectable, Module, NotFoundException, Param, UseGuards } from '@nestjs/common';
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
import { OrganizationFromHeaderGuard } from '../../libs/testing/src/organization-from-header.guard';
import { createBenchDatabase } from './bench-database';
import { loadRounds, measureBackendsCpu, median, medianOf } from './http-load';

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
    return counted(async () => {
      const user = await this.users.findOneBy({ id });
      if (!user) throw new NotFoundException();
      return { email: user.email };
    });
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
  const results = await loadRounds({
    kinds: ['without', 'with'] as const,
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
  const rps = (kind: 'without' | 'with'): number => medianOf(results[kind], (r) => r.requestsPerSecond);
  const p99 = (kind: 'without' | 'with'): number => medianOf(results[kind], (r) => r.p99Ms);
  const cpu = (kind: 'without' | 'with'): number => medianOf(results[kind], (r) => r.cpuMicrosPerRequest);
  const machine = (kind: 'without' | 'with'): number => medianOf(results[kind], (r) => r.machineCpuMicrosPerRequest);
  console.log(`the same user read by id, medians of ${rounds} rounds:`);
  console.log(
    `  without transaction/RLS (owner pool)            ` +
      (`${String(Math.round(rps('without'))).padStart(6)} req/s  p99 ${p99('without')} ms  app ` +
        `cpu ${cpu('without').toFixed(0)} µs/req  machine ${machine('without').toFixed(0)} µs/req`),
  );
  console.log(
    `  with tenant transaction + RLS (mtl_app pool)    ` +
      (`${String(Math.round(rps('with'))).padStart(6)} req/s  p99 ${p99('with')} ms  app cpu ` +
        `${cpu('with').toFixed(0)} µs/req  machine ${machine('with').toFixed(0)} µs/req`),
  );
  // The ratio of each round's pair, loaded back to back, then their median: the machine's speed
  // drifts between rounds far more than within a pair (on a shared 2-core VM, by 2x and more).
  const ratios = results.with.map((r, i) => r.requestsPerSecond / results.without[i].requestsPerSecond);
  console.log(`  with/without per round: ${ratios.map((r) => r.toFixed(2)).join(' ')}`);
  // The same by what a request costs the whole machine (app, PostgreSQL, autocannon): with every
  // core busy, throughput is about cores / that cost, and the cost hardly moves with the machine's
  // speed. Printed beside the headline, which stays the measured throughput.
  const costRatios = results.with.map(
    (r, i) => results.without[i].machineCpuMicrosPerRequest / r.machineCpuMicrosPerRequest,
  );
  console.log(`  without/with machine cpu per round: ${costRatios.map((r) => r.toFixed(2)).join(' ')}`);
  console.log(`rls_cpu_ratio=${median(costRatios).toFixed(2)}`);
  console.log(`rls_ratio=${median(ratios).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
