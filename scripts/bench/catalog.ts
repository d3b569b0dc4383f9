/**
 * Throughput of the LMS catalog, `GET /api/courses?page_size=20`, across many tenant sites, beside
 * `GET /api/site` and a bare route of the same app, in the same run.
 *
 *   npm run bench:catalog   (BENCH_SECONDS=5 per round, BENCH_ROUNDS=3, BENCH_CONNECTIONS=50,
 *                            BENCH_ORGS=100, BENCH_COURSES_PER_ORG=100)
 *
 * Data, seeded through the platform's services on a throw-away migrated database: 100
 * organizations (OrganizationsService.bulkAdd), a tenant site for each (SitesService.create, its
 * configuration enabled with course_org_filter; every other site also turns
 * ENABLE_COURSE_SORTING_BY_START_DATE on, so both orders are loaded), and 100 course runs each,
 * 10,000 in all, written inside each organization's tenant transaction (row-level security, the
 * runtime role) and linked to their organization (OrganizationsService.bulkAddCourses). Of each
 * organization's courses 80 are listed (published, visibility `both`), the others are `about`,
 * `none` or unpublished; start and end dates are spread over past and future.
 *
 * The real LMS app (LmsModule, as main.ts starts it) then runs in this process; autocannon in a
 * separate process, 50 connections, loads in alternating rounds: the bare route (a plain Fastify
 * route on the app's own instance: it still runs every root hook, including site resolution; see
 * site.ts), `/api/site` and `/api/courses?page_size=20`, the last two with each request on the
 * next of the 100 tenant hosts. Printed per round and as medians: requests per second, p50 and p99
 * latency, database pool acquisitions per request (one per catalog request: its tenant
 * transaction, fewer when pages come from the in-memory catalog cache; a query per course would not
 * show here, the plans below show there is none). `CATALOG_CACHE_TTL_MS=0 npm run bench:catalog`
 * measures the catalog without its cache, every request reading the database. Before
 * the load, the plans of a tenant site's first page in both orders are printed (EXPLAIN ANALYZE as
 * the runtime role, under the site's scope). Last line: `ratio=<catalog rps / bare rps>`.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { loadRounds, medianOf, request, RoundResult } from './http-load';
import { Cleanups, prepareLmsBenchEnvironment, startLmsForBench } from './lms-bench-app';
import { runBench } from './bench-lifecycle';
import { SeedCourse, seedTenantsThroughServices } from './tenant-seed';

const KINDS = ['bare', 'site', 'catalog'] as const;
type Kind = (typeof KINDS)[number];
const CATALOG_PATH = '/api/courses?page_size=20';

const shortNameOf = (i: number): string => `Bench${String(i).padStart(3, '0')}X`;
const domainOf = (i: number): string => `bench${String(i).padStart(3, '0')}.localhost`;

/** The course runs of one organization: 80 listed, 5 `about`, 5 `none`, 10 unpublished. */
function coursesOf(shortName: string, perOrg: number): SeedCourse[] {
  const day = 86_400_000;
  const now = Date.now();
  return Array.from({ length: perOrg }, (_, j) => {
    const kind = j % 20;
    const start = j % 11 === 0 ? null : new Date(now + (((j * 37) % 900) - 600) * day);
    const end = start && j % 3 === 0 ? new Date(start.getTime() + 120 * day) : null;
    return {
      key: `course-v1:${shortName}+C${String(j).padStart(3, '0')}+2026_T${(j % 3) + 1}`,
      name: `${shortName} course ${j}: ${['Circuits', 'Biology', 'History', 'Poetry', 'Statistics'][j % 5]}`,
      start,
      end,
      visibility: kind === 17 ? 'about' : kind === 18 ? 'none' : 'both',
      published: kind !== 19 && kind !== 16,
    };
  });
}

async function seed(orgs: number, perOrg: number): Promise<void> {
  const started = Date.now();
  await seedTenantsThroughServices(
    Array.from({ length: orgs }, (_, i) => ({
      shortName: shortNameOf(i),
      name: `Bench University ${i}`,
      domain: domainOf(i),
      siteName: `Bench site ${i}`,
      siteValues: i % 2 === 1 ? { ENABLE_COURSE_SORTING_BY_START_DATE: true } : undefined,
      courses: coursesOf(shortNameOf(i), perOrg),
    })),
    'bench:catalog',
  );
  console.log(
    `seeded ${orgs} organizations, ${orgs} sites, ${orgs * perOrg} course runs through the ` +
      `services in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** EXPLAIN ANALYZE of a site's first catalog page, as the LMS runs it: runtime role, the site's scope. */
async function explain(url: string, shortName: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [{ id }] = (
      await client.query<{ id: number }>(`SELECT id FROM organizations WHERE short_name = $1`, [shortName])
    ).rows;
    await client.query(`ANALYZE`);
    // The statement CatalogRepository.listPage sends (no search term), with both of its orders.
    for (const [order, orderBy] of [
      ['course_key', 'c.course_key'],
      ['start_date', `(c."end" IS NOT NULL AND c."end" < now()), c.start IS NULL, c.start, c.course_key`],
    ] as const) {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('role', 'mtl_app', true), set_config('mtl.readable_orgs', $1, true)`, [
        `{${id}}`,
      ]);
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
         SELECT c.organization_id, c.id, c.course_key, c.display_name, c.start, c."end", c.catalog_visibility,
           c.published, count(*) OVER () AS total
         FROM course_runs c WHERE c.organization_id = ANY ($1) AND c.published AND c.catalog_visibility = 'both'
         ORDER BY ${orderBy} LIMIT 20 OFFSET 0`,
        [[id]],
      );
      await client.query('ROLLBACK');
      console.log(`plan of a site's first page, order ${order}:`);
      for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
    }
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const orgs = Number(process.env.BENCH_ORGS ?? 100);
  const perOrg = Number(process.env.BENCH_COURSES_PER_ORG ?? 100);
  const cleanups = new Cleanups();
  try {
    console.log(`bench:catalog at ${new Date().toISOString()}`);
    const { databaseUrl } = await prepareLmsBenchEnvironment('catalog', cleanups);
    await seed(orgs, perOrg);
    await explain(databaseUrl, shortNameOf(0));

    const bareBody = { ok: true };
    const { base, acquisitions } = await startLmsForBench(cleanups, (instance) => {
      instance.get('/__bench/bare', (_request, reply) => reply.send(bareBody));
    });

    const hosts = Array.from({ length: orgs }, (_, i) => domainOf(i));
    const urls: Record<Kind, string> = {
      bare: `${base}/__bench/bare`,
      site: `${base}/api/site`,
      catalog: `${base}${CATALOG_PATH}`,
    };
    for (const [i, host] of hosts.entries()) {
      const res = await request(urls.catalog, { headers: { host } });
      const body = JSON.parse(res.body) as { count?: number; results?: { org: string }[] };
      if (res.status !== 200 || body.results?.length !== 20 || body.results.some((c) => c.org !== shortNameOf(i))) {
        throw new Error(`GET ${CATALOG_PATH} on ${host} answered ${res.status} ${res.body.slice(0, 300)}`);
      }
      if (i === 0)
        console.log(`GET ${CATALOG_PATH} (Host: ${host}) → 200, count ${body.count}, ${res.body.length} bytes`);
    }

    console.log(`requests go round robin over ${hosts.length} tenant hosts`);
    const results = await loadRounds({
      kinds: KINDS,
      urls,
      seconds,
      rounds,
      connections,
      hosts: { bare: hosts, site: hosts, catalog: hosts },
      count: acquisitions,
      describeCount: (counted, total) => `${(counted / Math.max(1, total)).toFixed(2)} pool acquisitions per request`,
    });
    await cleanups.run();
    const med = (kind: Kind, pick: (r: RoundResult) => number): number => medianOf(results[kind], pick);
    for (const kind of KINDS) {
      const label = { bare: 'bare route (same app, its hooks)', site: 'GET /api/site', catalog: `GET ${CATALOG_PATH}` }[
        kind
      ];
      console.log(
        `${label.padEnd(34)} ` +
          (`${String(Math.round(med(kind, (r) => r.requestsPerSecond))).padStart(6)} req/s  p50 ` +
            `${med(kind, (r) => r.p50Ms)} ms  p99 ${med(kind, (r) => r.p99Ms)} ms  server cpu ` +
            `${med(kind, (r) => r.cpuMicrosPerRequest).toFixed(0)} µs/req  (medians of ${rounds})`),
      );
    }
    const cpu = (kind: Kind): number => med(kind, (r) => r.cpuMicrosPerRequest);
    console.log(
      `by server cpu per request (steadier on a shared machine): ratio=${(cpu('bare') / cpu('catalog')).toFixed(2)}`,
    );
    console.log(
      `ratio=${(med('catalog', (r) => r.requestsPerSecond) / med('bare', (r) => r.requestsPerSecond)).toFixed(2)}`,
    );
  } catch (error) {
    await cleanups.run();
    throw error;
  }
}

runBench(main);
