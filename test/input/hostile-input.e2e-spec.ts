/**
 * Hostile input over every route of both apps (from their route tables): path parameters,
 * query, body and headers made hostile one part at a time, sent byte for byte, anonymously and
 * as signed-in members and operators of a real organization. Every answer is a 4xx in the error
 * shape (or, where the route does not read the hostile part, anything but a 5xx), and the
 * database is unchanged afterwards: row counts and checksums of every table, as its owner.
 *
 * `npm test` runs a fixed sample (every seventh case, every route); `npm run test:input` runs
 * them all (HOSTILE_INPUT=full). Both print `hostile input: N cases, F failures`.
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { loadConfig } from '@mtl/config';
import {
  asDatabaseOwner,
  createHttpTestApp,
  seedTwoTenants,
  studioToken,
  studioTokenFor,
  TwoTenants,
} from '@mtl/testing';
import { seedCourses } from '../lms/catalog-fixture';
import { changedTables, databaseFingerprint, Fingerprint } from './database-fingerprint';
import { CaseContext, casesFor, HostileCase, Identity } from './hostile-cases';
import { rawRequest, RawResponse } from './raw-http';
import { routeInputs, RouteInputs } from './route-inputs';

const FULL = process.env.HOSTILE_INPUT === 'full';
/** The short form's sample: every SAMPLE-th case, offset per route so that each route keeps some. */
const SAMPLE = 7;
const SITE = 'alpha.example';
const COURSE = 'course-v1:AlphaU+Hostile101+2030';

jest.setTimeout(FULL ? 60 * 60_000 : 15 * 60_000);

interface Failure {
  app: string;
  route: string;
  identity: string;
  label: string;
  why: string;
}

/** The error shape of libs/http: `{statusCode, error, message, details: [{field, reason}]}`. */
function errorShapeProblem(response: RawResponse): string | null {
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return `a ${response.status} that is not JSON: ${response.body.toString('utf8').slice(0, 120)}`;
  }
  const b = body as Record<string, unknown>;
  const ok =
    b !== null &&
    typeof b === 'object' &&
    b.statusCode === response.status &&
    typeof b.error === 'string' &&
    typeof b.message === 'string' &&
    Array.isArray(b.details) &&
    (b.details as unknown[]).every(
      (d) =>
        typeof (d as { field?: unknown }).field === 'string' && typeof (d as { reason?: unknown }).reason === 'string',
    );
  return ok ? null : `a ${response.status} not in the error shape: ${JSON.stringify(body).slice(0, 160)}`;
}

/** The request id a case sends (its own, or the hostile one it is about). */
function requestIdOfCase(c: HostileCase): string {
  return String(c.request.headers.find(([header]) => header === 'x-request-id')?.[1] ?? '');
}

/** Why an answer to a case is wrong, or null. */
function answerProblem(c: HostileCase, response: RawResponse): string | null {
  if (response.status >= 500) return `${response.status}: ${response.body.toString('utf8').slice(0, 200)}`;
  if (c.expect === 'refuse' && response.status < 400) return `${response.status} where a 4xx was due`;
  if (response.body.toString('latin1').includes('evil.example')) return 'the answer echoes the hostile host';
  if (response.status >= 400) {
    const type = response.headers['content-type'] ?? '';
    const target = typeof c.request.target === 'string' ? c.request.target : c.request.target.toString('latin1');
    // The LMS's forms answer their own problems as the page again (HTML), outside /api.
    const isPage = !/^\/(api|health|docs)(\/|\?|$)/.test(target);
    if (isPage && type.startsWith('text/html')) return null;
    return errorShapeProblem(response);
  }
  return null;
}

describe('hostile input on every route of both apps', () => {
  let lms: NestFastifyApplication;
  let studio: NestFastifyApplication;
  let tenants: TwoTenants;
  const failures: Failure[] = [];
  let total = 0;

  beforeAll(async () => {
    lms = await createHttpTestApp(LmsModule);
    studio = await createHttpTestApp(StudioModule);
    await lms.listen(0, '127.0.0.1');
    await studio.listen(0, '127.0.0.1');
    tenants = await seedTwoTenants(studio.get(DataSource));
    await asDatabaseOwner(`INSERT INTO sites (domain, name, organization_id) VALUES ($1, 'Alpha', $2)`, [
      SITE,
      tenants.a.id,
    ]);
    await asDatabaseOwner(
      `INSERT INTO site_configurations (site_id, enabled, site_values)
       SELECT id, true, jsonb_build_object('course_org_filter', $2::text) FROM sites WHERE domain = $1`,
      [SITE, tenants.a.shortName],
    );
    await seedCourses(studio, tenants.a.id, [{ key: COURSE, name: 'Hostile 101' }]);
    await asDatabaseOwner(
      `INSERT INTO enrollments (organization_id, course_run_id, user_id)
       SELECT organization_id, id, $2 FROM course_runs WHERE course_key = $1`,
      [COURSE, tenants.a.learner.id],
    );
    await lms.get(DataSource).query('SELECT 1');
  });

  afterAll(async () => {
    await lms?.close();
    await studio?.close();
  });

  it('answers every case with a 4xx in the error shape, never a 5xx, and changes nothing', async () => {
    const { SiteRegistry } = await import('@mtl/sites');
    await lms.get(SiteRegistry).reconcile();
    const secret = loadConfig(process.env).auth.JWT_SECRET;
    const jwt = new JwtService({ secret });
    const lmsToken = (
      await request(lms.getHttpServer())
        .post('/api/auth/login')
        .set('host', SITE)
        .send({ email: tenants.a.learner.email, password: tenants.a.learner.password })
        .expect(200)
    ).body.access_token as string;
    const adminToken = await studioTokenFor(tenants.a.admin, tenants.a, studio);
    const operatorToken = await studioToken(studio, {
      email: tenants.operator.email,
      password: tenants.operator.password,
    });
    const claims = jwt.decode<Record<string, unknown>>(lmsToken);
    const now = Math.floor(Date.now() / 1000);
    const resign = (changes: Record<string, unknown>, options: { secret?: string; algorithm?: 'HS512' } = {}) =>
      `Bearer ${jwt.sign(
        { ...claims, ...changes },
        { secret: options.secret ?? secret, algorithm: options.algorithm ?? 'HS256' },
      )}`;
    const base64url = (text: string) => Buffer.from(text).toString('base64url');
    const unsigned = (payload: object) =>
      `Bearer ${base64url('{"alg":"none","typ":"JWT"}')}.${base64url(JSON.stringify(payload))}.`;
    const badTokens: [string, string][] = [
      ['garbage', 'Bearer not-a-token'],
      ['three junk parts', 'Bearer a.b.c'],
      ['empty bearer', 'Bearer '],
      ['8,000 characters', `Bearer ${'t'.repeat(8000)}`],
      ['basic credentials', `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['alg none', unsigned({ ...claims, role: 'operator', org: null })],
      ['signed with another secret', resign({}, { secret: 'another-secret-of-enough-length' })],
      ['HS512', resign({}, { algorithm: 'HS512' })],
      ['expired', resign({ iat: now - 7200, exp: now - 3600 })],
      ['not yet valid', resign({ nbf: now + 3600 })],
      ['another issuer', resign({ iss: 'someone-else' })],
      ['an organization past int4', resign({ org: 99_999_999_999 })],
      ['an organization of 2^53', resign({ org: 2 ** 53 })],
      ['another organization', resign({ org: tenants.b.id })],
      ['an unknown user', resign({ sub: '00000000-0000-4000-8000-000000000000' })],
      ['a sub that is not a UUID', resign({ sub: "1' OR '1'='1" })],
      ['an escalated role', resign({ role: 'operator', org: null })],
      ['an unknown role', resign({ role: 'superuser' })],
      ['an audience no app has', resign({ aud: 'someone-else' })],
      ['an audience array', resign({ aud: ['someone-else', 'another'] })],
      ['Studio’s admin token on the other app', `Bearer ${adminToken}`],
    ];

    const apps: { name: string; app: NestFastifyApplication; context: CaseContext }[] = [
      {
        name: 'LMS',
        app: lms,
        context: {
          host: SITE,
          params: { courseKey: COURSE },
          absentParams: { courseKey: 'course-v1:AlphaU+NoSuchCourse+2099' },
          badTokens,
          identities: [
            { label: 'anonymous', headers: [], signedIn: false },
            { label: 'learner (bearer)', headers: [['authorization', `Bearer ${lmsToken}`]], signedIn: true },
            { label: 'learner (session cookie)', headers: [['cookie', `mtl_session=${lmsToken}`]], signedIn: true },
          ],
        },
      },
      {
        name: 'Studio',
        app: studio,
        context: {
          host: 'localhost',
          params: {
            courseKey: COURSE,
            shortName: tenants.a.shortName,
            domain: SITE,
            userId: tenants.a.author.id,
            id: '1',
          },
          absentParams: {
            userId: '00000000-0000-4000-8000-00000000dead',
            courseKey: 'course-v1:AlphaU+NoSuchCourse+2099',
          },
          badTokens: badTokens.map(([what, token]): [string, string] =>
            what.startsWith('Studio’s') ? ['the LMS learner token on Studio', `Bearer ${lmsToken}`] : [what, token],
          ),
          identities: [
            { label: 'anonymous', headers: [], signedIn: false },
            { label: 'organization admin', headers: [['authorization', `Bearer ${adminToken}`]], signedIn: true },
            { label: 'operator', headers: [['authorization', `Bearer ${operatorToken}`]], signedIn: true },
          ],
        },
      },
    ];

    let address = 0;
    let requestIds = 0;
    const latestAuditId = async () =>
      Number((await asDatabaseOwner<{ id: string }>(`SELECT coalesce(max(id), 0) AS id FROM audit_trail`))[0].id);
    let lastAuditId = await latestAuditId();
    for (const { name, app, context } of apps) {
      context.params.shortName ??= tenants.a.shortName;
      const port = (app.getHttpServer().address() as AddressInfo).port;
      // HOSTILE_INPUT_ROUTE narrows a run to the routes it matches (`GET /api/courses`), for debugging.
      const only = process.env.HOSTILE_INPUT_ROUTE ? new RegExp(process.env.HOSTILE_INPUT_ROUTE) : null;
      const routes: RouteInputs[] = routeInputs(app).filter((r) => !only || only.test(r.route));
      if (!only) expect(routes.length).toBeGreaterThan(5);
      let before: Fingerprint = await databaseFingerprint();
      for (const [routeIndex, route] of routes.entries()) {
        const cases = context.identities.flatMap((identity: Identity) => casesFor(route, identity, context));
        const chosen = FULL ? cases : cases.filter((_c, i) => (i + routeIndex) % SAMPLE === 0);
        total += chosen.length;
        // An operator's read that the route answers (it ignored the hostile part) is audited, by
        // design: each case carries its own request id, so every new audit row names its case.
        const answered = new Map<string, { c: HostileCase; status: number }>();
        const untraced: { c: HostileCase; status: number }[] = [];
        for (const c of chosen) {
          if (c.request.headers.some(([header]) => header === 'x-request-id')) {
            untraced.push({ c, status: 0 });
            continue;
          }
          const id = `hostile-${requestIds++}`;
          c.request.headers.push(['x-request-id', id]);
          answered.set(id, { c, status: 0 });
        }
        // A few at a time: the order within a route does not matter, nothing may be written.
        for (let i = 0; i < chosen.length; i += 8) {
          await Promise.all(
            chosen.slice(i, i + 8).map(async (c) => {
              // Each case from its own loopback address: the sign-in limits count per address.
              c.request.localAddress = `127.0.0.${2 + (address++ % 250)}`;
              let why: string | null;
              try {
                const response = await rawRequest(port, c.request);
                why = answerProblem(c, response);
                const record = answered.get(requestIdOfCase(c)) ?? untraced.find((u) => u.c === c);
                if (record) record.status = response.status;
              } catch (error) {
                why = `no answer: ${(error as Error).message}`;
              }
              if (why) failures.push({ app: name, route: c.route, identity: c.identity, label: c.label, why });
            }),
          );
        }
        const after = await databaseFingerprint();
        let changed = changedTables(before, after);
        if (changed.some((t) => t.startsWith('audit_trail'))) {
          const audited = await asDatabaseOwner<{ action: string; request_id: string | null; detail: string | null }>(
            `SELECT action, request_id, actor || ' ' || coalesce(detail, '') AS detail FROM ` +
              `audit_trail WHERE id > $1 ORDER BY id`,
            [lastAuditId],
          );
          // Cases that send their own (hostile) request id get a random one: counted, not traced.
          let untraceable = untraced.filter(({ c, status }) => c.request.method === 'GET' && status < 300).length;
          const unexplained = audited.filter((row) => {
            const cause = answered.get(row.request_id ?? '');
            if (!cause) return untraceable-- <= 0;
            return cause.c.request.method !== 'GET' || cause.status >= 300;
          });
          const untracedList = untraced.map((u) => `${u.c.identity} ${u.c.label} ${u.status}`).join('; ');
          for (const row of unexplained) {
            const cause = answered.get(row.request_id ?? '');
            failures.push({
              app: name,
              route: route.route,
              identity: cause?.c.identity ?? '?',
              label: cause?.c.label ?? `request ${row.request_id} (${row.detail})`,
              why: `audited ${row.action} for an answer of ${cause?.status ?? `? (untraced: ${untracedList})`}`,
            });
          }
          changed = changed.filter((t) => !t.startsWith('audit_trail'));
        }
        lastAuditId = await latestAuditId();
        if (changed.length)
          failures.push({
            app: name,
            route: route.route,
            identity: '*',
            label: '*',
            why: `wrote to ${changed.join(', ')}`,
          });
        before = after;
      }
    }

    // Both apps still answer normally afterwards.
    await request(lms.getHttpServer()).get('/api/site').set('host', SITE).expect(200);
    await request(studio.getHttpServer()).get('/api/me').auth(adminToken, { type: 'bearer' }).expect(200);

    const lines = failures.map((f) => `${f.app} ${f.route} [${f.identity}] ${f.label}: ${f.why}`);
    if (process.env.HOSTILE_INPUT_REPORT) writeFileSync(process.env.HOSTILE_INPUT_REPORT, lines.join('\n'));
    process.stdout.write(
      `hostile input: ${total} cases, ${failures.length} ` +
        `failures${FULL ? '' : ` (sample of 1 in ${SAMPLE}; npm run test:input runs all)`}\n` +
        lines.slice(0, 200).join('\n') +
        (lines.length ? '\n' : ''),
    );
    expect(lines).toEqual([]);
  });
});
