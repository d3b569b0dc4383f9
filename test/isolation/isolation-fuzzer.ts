import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ModulesContainer } from '@nestjs/core';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { asDatabaseOwner, IsolatedTenant, routeGuarding, RouteGuarding, ThreeTenants } from '@mtl/testing';

/**
 * The isolation fuzzer: randomized requests over every route of the LMS and Studio (read from
 * their route tables), as every kind of caller, with identifiers, tokens, cookies and Host headers
 * of the three organizations swapped, and a leak oracle over every answer (ADR 0011).
 *
 * The oracle: each request has a set of organizations whose data its answer may show. On the LMS
 * that is the site's organization (the Host header decides; the main site and unknown hosts show
 * none of the three, as each has its own site), whoever signs in, operators included. In Studio it
 * is the caller's organization for a genuine member token, every organization for an operator's
 * (its routes are the cross-organization ones), none otherwise. An answer (status line, headers,
 * body; JWTs in it decoded) that contains an identifier of any other organization (name, short
 * name, domain, email, user id, course or library key, display name; organization and site ids
 * in JSON and token claims) is a leak, unless the request itself carried that identifier (an
 * echo of what the caller sent is no disclosure). Any 5xx is a defect. After the run the database
 * is checked for writes that crossed: every row the fuzzer's values reached is in an organization
 * its request could write, and every seeded account is as seeded.
 */

export interface FuzzApp {
  name: 'lms' | 'studio';
  app: NestFastifyApplication;
}

/** A credential a request may carry, and who it really is. */
interface Credential {
  label: string;
  token: string;
  /** The app and audience it is genuine for: Studio, or one LMS site (its domain). */
  for: { app: 'studio' } | { app: 'lms'; domain: string } | { app: 'none' };
  /** Tenant index of the member, 'operator', or null for a forged token. */
  who: number | 'operator' | null;
  role?: string;
}

interface CsrfPair {
  domain: string;
  cookie: string;
  token: string;
}

interface FuzzRequest {
  nonce: number;
  /**
   * The number in this request's generated values: its own nonce, or now and then the previous request's (a race on one
   * new key).
   */
  mark: number;
  app: 'lms' | 'studio';
  route: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  form?: Record<string, string>;
  caller: string;
  /** Tenant indexes whose data the answer may show (all three for a Studio operator). */
  visible: Set<number>;
  /** Tenant indexes the request may write in (null: any organization, a Studio operator). */
  writable: Set<number> | null;
}

export interface Leak {
  request: string;
  status: number;
  found: string;
}

export interface FuzzReport {
  requests: number;
  routes: number;
  routesCovered: number;
  leaks: Leak[];
  serverErrors: Leak[];
  crossedWrites: string[];
  statuses: Record<string, Record<number, number>>;
  seconds: number;
}

/** mulberry32: a small seeded generator, so that a failing run can be replayed with its seed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}

type Random = ReturnType<typeof generator>;

/** Requests in flight at once. */
const CONCURRENCY = 4;

const MAIN_HOSTS = ['localhost', 'unknown.example', 'localhost:3000'];
const HTML = 'text/html,application/xhtml+xml';

/** The DTO class of a handler's `@Body()` or `@Query()` (the whole object), if it declares one. */
function dtoOf(app: NestFastifyApplication, route: RouteGuarding, kind: RouteParamtypes) {
  if (kind === RouteParamtypes.BODY) return route.bodyType;
  const [controllerName, method] = route.handler.split('.');
  for (const controller of controllersOf(app)) {
    if (controller.name !== controllerName) continue;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
      string,
      { index: number; data?: unknown }
    >;
    const names: string[] = [];
    let type: (new () => object) | undefined;
    for (const [key, arg] of Object.entries(args)) {
      if (key.split(':')[0] !== String(kind)) continue;
      if (typeof arg.data === 'string') names.push(arg.data);
      else {
        const types = Reflect.getMetadata('design:paramtypes', controller.prototype, method) as
          (new () => object)[] | undefined;
        type = types?.[arg.index];
      }
    }
    return type ?? (names.length ? names : undefined);
  }
  return undefined;
}

function controllersOf(app: NestFastifyApplication): (new () => object)[] {
  // routeGuarding walks the same graph; the controller classes are what the metadata hangs on.
  const seen = new Set<new () => object>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new () => object) | null;
      if (type) seen.add(type);
    }
  return [...seen];
}

/** Property names a DTO class validates (its fields). */
function fieldsOf(type: unknown): string[] {
  if (typeof type !== 'function') return Array.isArray(type) ? (type as string[]) : [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** Lower-cased text in which an identifier may hide: raw, %-decoded, HTML-unescaped, JWT claims decoded. */
function searchable(raw: string): string {
  const percent = (text: string) =>
    text.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  // Twice: a path inside a query parameter (`next=%2Fcourses%2Fcourse-v1%253A…`) is encoded twice.
  const decoded = percent(percent(raw));
  const unescaped = raw
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCharCode(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\\u([0-9a-f]{4})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const claims = jwtClaimsIn(raw).map((c) => JSON.stringify(c));
  return [raw, decoded, unescaped, ...claims].join('\n').toLowerCase();
}

function jwtClaimsIn(text: string): Record<string, unknown>[] {
  const claims: Record<string, unknown>[] = [];
  for (const match of text.matchAll(/eyJ[\w-]+\.(eyJ[\w-]+)\.[\w-]*/g)) {
    try {
      claims.push(JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')) as Record<string, unknown>);
    } catch {
      // not a token after all
    }
  }
  return claims;
}

export class IsolationFuzzer {
  private readonly random: Random;
  private readonly credentials: Credential[] = [];
  private readonly csrf: CsrfPair[] = [];
  /** Identifiers per tenant index (lower case), growing as the fuzzer creates rows. */
  private readonly identifiers: Set<string>[];
  private readonly organizationIds: number[];
  private readonly siteIds: number[];
  /** Members the fuzzer created, per tenant: the only ones it changes or removes in their own organization. */
  private readonly createdMembers: string[][] = [[], [], []];
  private readonly jobIds: string[] = [];
  /** Extra LMS hosts (sites the fuzzer created) and their tenant. */
  private readonly extraHosts = new Map<string, number>();
  private readonly requests = new Map<number, FuzzRequest>();
  private nonce = 0;
  /** Requests by the mark their values carry (two when one raced the previous). */
  private readonly byMark = new Map<number, FuzzRequest[]>();

  constructor(
    private readonly world: ThreeTenants,
    /** The apps under test; a later run may put others in their place (same database, same credentials). */
    public apps: FuzzApp[],
    seed: number,
  ) {
    this.random = generator(seed);
    this.organizationIds = world.tenants.map((t) => t.id);
    this.siteIds = world.tenants.map((t) => t.site.id);
    this.identifiers = world.tenants.map((t) => new Set(identifiersOf(t).map((i) => i.toLowerCase())));
  }

  private get tenants(): IsolatedTenant[] {
    return this.world.tenants;
  }

  /** Signs in everyone everywhere they may (tokens, session cookies) and collects CSRF pairs per host. */
  async prepare(): Promise<void> {
    const studio = this.fastify('studio');
    const lms = this.fastify('lms');
    const studioLogin = async (label: string, who: number | 'operator', body: object, role = 'operator') => {
      const res = await studio.inject({ method: 'POST', url: '/api/auth/login', payload: body });
      if (res.statusCode !== 200) throw new Error(`Studio login of ${label}: ${res.statusCode} ${res.body}`);
      this.credentials.push({ label: `studio:${label}`, token: tokenOf(res), for: { app: 'studio' }, who, role });
    };
    const lmsLogin = async (
      label: string,
      who: number | 'operator',
      domain: string,
      body: object,
      role = 'operator',
    ) => {
      const res = await lms.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { host: domain },
        payload: body,
      });
      if (res.statusCode !== 200) throw new Error(`LMS login of ${label} on ${domain}: ${res.statusCode} ${res.body}`);
      this.credentials.push({
        label: `lms:${label}@${domain}`,
        token: tokenOf(res),
        for: { app: 'lms', domain },
        who,
        role,
      });
    };
    const { operator } = this.world;
    await studioLogin('operator', 'operator', { email: operator.email, password: operator.password });
    for (const [index, t] of this.tenants.entries()) {
      for (const role of ['admin', 'author'] as const) {
        const m = t[role];
        await studioLogin(
          `${t.shortName}.${role}`,
          index,
          { email: m.email, password: m.password, organization: t.shortName },
          m.role,
        );
      }
      for (const role of ['admin', 'author', 'learner', 'twin'] as const) {
        const m = t[role];
        await lmsLogin(
          `${t.shortName}.${role}`,
          index,
          t.site.domain,
          { email: m.email, password: m.password },
          m.role,
        );
      }
      await lmsLogin('operator', 'operator', t.site.domain, { email: operator.email, password: operator.password });
    }
    // Forged: a member's claims re-signed by nobody, an unsigned token, a token cut short.
    const sample = this.credentials.find((c) => c.who === 0)!.token;
    const [header, payload] = sample.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = (label: string, token: string) =>
      this.credentials.push({ label: `forged:${label}`, token, for: { app: 'none' }, who: null });
    const other = Buffer.from(JSON.stringify({ ...claims, org: this.tenants[1].id })).toString('base64url');
    forged('claims-swapped', `${header}.${other}.${sample.split('.')[2]}`);
    forged('alg-none', `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${other}.`);
    forged('truncated', sample.slice(0, -5));
    for (const domain of [...this.tenants.map((t) => t.site.domain), 'localhost']) {
      const res = await lms.inject({ method: 'GET', url: '/login', headers: { host: domain, accept: HTML } });
      const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
      const cookie = cookiesOf(res).find((c) => c.startsWith('mtl_csrf='));
      if (!token || !cookie) throw new Error(`no CSRF pair on ${domain}: ${res.statusCode}`);
      this.csrf.push({ domain, cookie, token });
    }
  }

  /**
   * Sends `count` randomized requests; `onProgress` runs every 500 (the RLS-alone mode refreshes its organization list
   * there).
   */
  async run(count: number, onProgress?: () => Promise<void>): Promise<FuzzReport> {
    const started = Date.now();
    const routes = this.apps.flatMap(({ name, app }) =>
      routeGuarding(app).map((route) => ({
        name,
        app,
        route,
        body: fieldsOf(dtoOf(app, route, RouteParamtypes.BODY)),
        query: fieldsOf(dtoOf(app, route, RouteParamtypes.QUERY)),
      })),
    );
    const covered = new Set<string>();
    const statuses: FuzzReport['statuses'] = {};
    const leaks: Leak[] = [];
    const serverErrors: Leak[] = [];
    // A few requests in flight at once, as clients would send them (and a 2-core machine's database round trips
    // overlap).
    let sent = 0;
    const client = async () => {
      while (sent < count) {
        const i = sent++;
        const target = routes[i < routes.length ? i : this.random.int(routes.length)];
        const key = `${target.name} ${target.route.route}`;
        const request = this.build(target.name, target.route, target.body, target.query);
        const response = await this.fastify(target.name).inject({
          method: request.method as 'GET',
          url: request.url,
          headers: request.headers,
          ...(request.form
            ? { payload: new URLSearchParams(request.form).toString() }
            : request.body !== undefined
              ? { payload: request.body as object }
              : {}),
        });
        covered.add(key);
        (statuses[key] ??= {})[response.statusCode] = (statuses[key][response.statusCode] ?? 0) + 1;
        const described =
          `${request.caller} ${request.method} ${request.url} ` +
          `host=${request.headers.host} body=${JSON.stringify(request.form ?? request.body)}`;
        if (response.statusCode >= 500)
          serverErrors.push({ request: described, status: response.statusCode, found: response.body.slice(0, 300) });
        for (const found of this.leaksIn(request, response))
          leaks.push({ request: described, status: response.statusCode, found });
        this.learn(request, response);
        if (onProgress && i % 500 === 499) await onProgress();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    return {
      requests: count,
      routes: routes.length,
      routesCovered: covered.size,
      leaks,
      serverErrors,
      crossedWrites: await this.crossedWrites(),
      statuses,
      seconds: (Date.now() - started) / 1000,
    };
  }

  private fastify(name: 'lms' | 'studio'): FastifyInstance {
    return this.apps
      .find((a) => a.name === name)!
      .app.getHttpAdapter()
      .getInstance();
  }

  // ---- building a request -------------------------------------------------------------------

  private build(app: 'lms' | 'studio', route: RouteGuarding, bodyFields: string[], queryFields: string[]): FuzzRequest {
    const r = this.random;
    const nonce = ++this.nonce;
    // One request in ten reuses the previous one's new email, key, slug or domain: two requests racing for one row.
    const mark = nonce > 1 && r.chance(0.1) ? nonce - 1 : nonce;
    const headers: Record<string, string> = {};
    // The host: mostly a tenant site, sometimes the main site, an unknown host, a case or port variant.
    const hostTenant = r.chance(0.85) ? r.int(3) : null;
    let host = hostTenant === null ? r.pick(MAIN_HOSTS) : this.tenants[hostTenant].site.domain;
    if (hostTenant !== null && r.chance(0.15)) host = r.chance(0.5) ? host.toUpperCase() : `${host}:3000`;
    const extra = [...this.extraHosts.keys()];
    let siteTenant = hostTenant;
    if (extra.length && r.chance(0.05)) {
      host = r.pick(extra);
      siteTenant = this.extraHosts.get(host)!;
    }
    headers.host = host;
    if (r.chance(0.1)) headers['x-forwarded-host'] = this.tenants[r.int(3)].site.domain; // TRUST_PROXY is off
    headers.accept =
      app === 'lms' && (route.path.startsWith('/api') ? r.chance(0.1) : r.chance(0.8)) ? HTML : 'application/json';

    // The credential: none, one genuine for this app and host, any other one (swapped), or a forged one.
    const everyGenuine = this.credentials.filter((c) =>
      app === 'studio'
        ? c.for.app === 'studio'
        : c.for.app === 'lms' && c.for.domain === host.toLowerCase().replace(/:\d+$/, ''),
    );
    // Mostly someone the route admits, so that requests get past its guard and reach the data.
    const rule = route.access;
    const admitted = everyGenuine.filter((c) =>
      rule?.operator ? c.role === 'operator' : rule?.roles ? rule.roles.includes(c.role as never) : true,
    );
    const genuine = admitted.length && r.chance(0.75) ? admitted : everyGenuine;
    const credential = r.chance(0.12)
      ? null
      : genuine.length && r.chance(0.6)
        ? r.pick(genuine)
        : r.pick(this.credentials);
    if (credential) {
      if (app === 'lms' && !route.path.startsWith('/api') && r.chance(0.7))
        headers.cookie = `mtl_session=${credential.token}`;
      else headers.authorization = `Bearer ${credential.token}`;
    }
    let caller = this.callerOf(app, credential, siteTenant);

    // Whose identifiers to use: the caller's own organization's mostly, another's often.
    const ownTenant = caller.member ?? siteTenant ?? r.int(3);
    const pickTenant = () => (r.chance(0.55) ? ownTenant : r.int(3));

    const params: Record<string, string> = {};
    let pathTenant: number | null = null;
    const url = route.path.replace(/:(\w+)/g, (_m, name: string) => {
      const t = pickTenant();
      pathTenant = t;
      const value = this.pathValue(name, t, caller.member, route);
      params[name] = value;
      return encodeURIComponent(value);
    });
    // The organization that a legitimate write of this request lands in, which its generated values name.
    const writeTenant = pathTenant ?? (app === 'lms' ? (siteTenant ?? ownTenant) : ownTenant);

    const query = new URLSearchParams();
    for (const field of queryFields) if (r.chance(0.4)) query.set(field, this.queryValue(field, pickTenant()));
    const fullUrl = query.size ? `${url}?${query.toString()}` : url;

    let body: Record<string, unknown> | undefined;
    let form: Record<string, string> | undefined;
    if (route.method !== 'GET' && route.method !== 'DELETE') {
      const orgTenant = r.chance(0.7) ? writeTenant : r.int(3);
      const fields = bodyFields.length ? bodyFields : app === 'lms' ? this.pageFields(route.path) : [];
      // A body that names its organization (`org`, `organization`) writes there; its other values say so too.
      const valueTenant = fields.includes('org') || fields.includes('organization') ? orgTenant : writeTenant;
      const values: Record<string, unknown> = {};
      for (const field of fields) {
        if (r.chance(0.06)) continue; // a missing field now and then
        values[field] = this.bodyValue(field, { nonce, mark, writeTenant: valueTenant, orgTenant, params, app, route });
      }
      if (bodyFields.length || app === 'studio' || route.path.startsWith('/api')) body = values;
      else {
        // A page form: the CSRF pair of this host mostly, of another host sometimes.
        const pair = r.chance(0.8)
          ? (this.csrf.find((c) => c.domain === host.toLowerCase().replace(/:\d+$/, '')) ?? r.pick(this.csrf))
          : r.pick(this.csrf);
        form = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
        form._csrf = pair.token;
        headers.cookie = [headers.cookie, pair.cookie].filter(Boolean).join('; ');
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }
    }
    // Signing in to Studio with an account's own email and password shows that account, whatever else the request
    // carries.
    if (app === 'studio' && route.route === 'POST /api/auth/login' && body) caller = this.signingIn(body, caller);
    const request: FuzzRequest = {
      nonce,
      mark,
      app,
      route: route.route,
      method: route.method,
      url: fullUrl,
      headers,
      body,
      form,
      caller: `${app}:${credential?.label ?? 'anonymous'}`,
      visible: caller.visible,
      writable: caller.writable,
    };
    this.requests.set(nonce, request);
    this.byMark.set(mark, [...(this.byMark.get(mark) ?? []), request]);
    return request;
  }

  /** What the oracle allows this request to see and write. */
  private callerOf(app: 'lms' | 'studio', credential: Credential | null, siteTenant: number | null) {
    if (app === 'lms') {
      const site = siteTenant === null ? new Set<number>() : new Set([siteTenant]);
      const member = credential && typeof credential.who === 'number' ? credential.who : null;
      return { visible: site, writable: site, member };
    }
    if (credential?.for.app === 'studio') {
      if (credential.who === 'operator') return { visible: new Set([0, 1, 2]), writable: null, member: null };
      const own = new Set([credential.who as number]);
      return { visible: own, writable: own, member: credential.who as number };
    }
    const member = credential && typeof credential.who === 'number' ? credential.who : null;
    return { visible: new Set<number>(), writable: new Set<number>(), member };
  }

  private readonly signIns = new Map<number, { email: string; password: string }>();

  /**
   * Who a sign-in request's email and password belong to (one draw per request): often the site's own people, the
   * operator, anyone.
   */
  private signingInAs(nonce: number, siteTenant: number): { email: string; password: string } {
    let person = this.signIns.get(nonce);
    if (!person) {
      const r = this.random;
      const t = this.tenants[r.chance(0.5) ? siteTenant : r.int(3)];
      person = r.chance(0.12) ? this.world.operator : r.pick([t.admin, t.author, t.learner, t.twin]);
      this.signIns.set(nonce, person);
    }
    return person;
  }

  private signingIn(body: Record<string, unknown>, caller: ReturnType<IsolationFuzzer['callerOf']>) {
    const { operator } = this.world;
    if (body.email === operator.email && body.password === operator.password)
      return { ...caller, visible: new Set([0, 1, 2]) };
    const t = this.tenants.findIndex((x) =>
      [x.admin, x.author, x.learner, x.twin].some((m) => m.email === body.email && m.password === body.password),
    );
    return t < 0 ? caller : { ...caller, visible: new Set([...caller.visible, t]) };
  }

  private pathValue(name: string, t: number, member: number | null, route: RouteGuarding): string {
    const r = this.random;
    const tenant = this.tenants[t];
    switch (name) {
      case 'courseKey':
        return r.chance(0.9)
          ? r.pick(tenant.courses).key
          : r.pick([tenant.library.key, 'course-v1:NoSuch+X+Y', 'junk']);
      case 'userId': {
        // Changes to one's own organization touch only members the fuzzer created there.
        const own = member === t ? this.createdMembers[t] : [];
        if (member === t && own.length === 0) return randomUUID();
        if (member === t) return r.pick(own);
        const seeded = [tenant.admin.id, tenant.author.id, tenant.learner.id, tenant.twin.id];
        return r.chance(0.8) ? r.pick([...seeded, ...this.createdMembers[t]]) : r.pick([randomUUID(), 'not-a-uuid']);
      }
      case 'shortName':
        return r.chance(0.9) ? tenant.shortName : r.pick([`Fz${this.nonce}`, tenant.shortName.toUpperCase()]);
      case 'domain':
        return r.chance(0.9) ? tenant.site.domain : r.pick(['localhost', 'nosuch.example']);
      case 'id':
        return this.jobIds.length && r.chance(0.7) ? r.pick(this.jobIds) : randomUUID();
      default:
        throw new Error(
          `The isolation fuzzer has no values for the path parameter :${name} of ` +
            `${route.route}: add them in pathValue()`,
        );
    }
  }

  private queryValue(field: string, t: number): string {
    const r = this.random;
    const tenant = this.tenants[t];
    switch (field) {
      case 'page':
        return r.pick(['1', '1', '2', '3', '0', '1000000']);
      case 'page_size':
        return r.pick(['1', '2', '20', '100']);
      case 'q':
        return r.pick([tenant.shortName, tenant.courses[r.int(4)].key, 'Open', tenant.site.domain, '']);
      case 'organization':
        return tenant.shortName;
      case 'next':
        return r.pick([
          '/dashboard',
          `/courses/${encodeURIComponent(tenant.courses[0].key)}`,
          `//${tenant.site.domain}/`,
        ]);
      default:
        return r.pick([tenant.shortName, tenant.courses[0].key, tenant.learner.email, 'x']);
    }
  }

  /** Page forms read their body themselves (no DTO on the handler): the fields they read. */
  private pageFields(path: string): string[] {
    if (path === '/login') return ['email', 'password', 'next'];
    if (path === '/register') return ['email', 'password', 'name'];
    return [];
  }

  private bodyValue(
    field: string,
    c: {
      nonce: number;
      mark: number;
      writeTenant: number;
      orgTenant: number;
      params: Record<string, string>;
      app: 'lms' | 'studio';
      route: RouteGuarding;
    },
  ): unknown {
    const r = this.random;
    const w = this.tenants[c.writeTenant];
    const o = this.tenants[c.orgTenant];
    const mark = `fz${c.mark}`;
    const signIn = c.route.path.endsWith('login');
    switch (field) {
      case 'email': {
        if (signIn) return this.signingInAs(c.nonce, c.writeTenant).email;
        // New accounts carry the mark of the organization they are made in; existing emails of that organization are
        // 409s.
        return r.chance(0.7)
          ? `${mark}@${w.shortName.toLowerCase()}.example`
          : r.pick([w.learner.email, w.admin.email, this.world.twinEmail]);
      }
      case 'password':
        if (signIn)
          return r.chance(0.75)
            ? this.signingInAs(c.nonce, c.writeTenant).password
            : this.signingInAs(-c.nonce, c.writeTenant).password;
        return 'fuzz-password-1234';
      case 'name':
        // An account's, a site's or an organization's name: of the organization it is written in.
        return `${w.shortName} ${mark}`;
      case 'organization':
        return r.chance(0.85) ? o.shortName : r.pick([`Fz${c.nonce}`, o.shortName.toLowerCase()]);
      case 'org':
        return r.chance(0.9) ? o.shortName : `Fz${c.nonce}`;
      case 'short_name':
        return c.params.shortName ?? o.shortName;
      case 'number':
        return `FZ${c.mark}`;
      case 'run':
        return '2026';
      case 'slug':
        return mark;
      case 'title':
      case 'display_name': {
        const keyOwner = c.params.courseKey
          ? (this.tenants.find((t) => c.params.courseKey.includes(t.shortName))?.shortName ?? w.shortName)
          : o.shortName;
        return `${keyOwner} ${mark}`;
      }
      case 'description':
        return `${w.shortName} ${mark}`;
      case 'logo_url':
        return r.chance(0.5) ? null : `https://${w.shortName.toLowerCase()}.example/logo.png`;
      case 'start':
        return r.pick(['2026-02-01T00:00:00Z', null, undefined]);
      case 'end':
        return r.pick(['2026-12-01T00:00:00Z', null, undefined]);
      case 'catalog_visibility':
        return r.pick(['both', 'about', 'none']);
      case 'active':
        // The organizations API refuses `active` outright; elsewhere it is a member's flag.
        if (c.route.path.includes('/organizations/v0/')) return r.chance(0.9) ? undefined : true;
        return r.chance(0.5);
      case 'published':
      case 'apply':
      case 'inactive':
        return r.chance(0.5);
      case 'enabled':
        // Sites stay enabled: which organizations each host shows is what the oracle relies on.
        return true;
      case 'site_values': {
        const t = this.tenants.find((x) => x.site.domain === c.params.domain) ?? w;
        return {
          course_org_filter: t.shortName,
          platform_name: t.site.platformName,
          theme: { primary_color: r.pick(['#123456', '#abc']) },
        };
      }
      case 'role':
        return r.pick(['learner', 'author', 'admin']);
      case 'course_key':
        return r.pick(this.tenants[r.chance(0.6) ? c.writeTenant : r.int(3)].courses).key;
      case 'keys':
        return r.chance(0.5) ? undefined : [o.courses[0].key, `course-v1:${o.shortName}+${mark.toUpperCase()}+2026`];
      case 'domain':
        return `${mark}.${o.shortName.toLowerCase()}.sites.example`;
      case 'next':
        return r.pick(['/dashboard', '', `//${o.site.domain}/`]);
      default:
        return `${w.shortName} ${mark}`;
    }
  }

  // ---- the oracle ---------------------------------------------------------------------------

  private leaksIn(request: FuzzRequest, response: LightMyRequestResponse): string[] {
    const raw = `${response.statusCode} ${JSON.stringify(response.headers)}\n${response.body}`;
    const text = searchable(raw);
    const body = JSON.stringify(request.body ?? request.form ?? null);
    const credentials = `${request.headers.authorization ?? ''} ${request.headers.cookie ?? ''}`;
    const sent = searchable(`${request.method} ${request.url}\n${body}\n${credentials}`);
    const found: string[] = [];
    for (const [t, ids] of this.identifiers.entries()) {
      if (request.visible.has(t)) continue;
      for (const id of ids)
        if (text.includes(id) && !sent.includes(id)) found.push(`${this.tenants[t].shortName}: "${id}"`);
    }
    // Numbers cannot be searched for in text: organization and site ids where JSON and claims name them.
    const sentClaims = jwtClaimsIn(`${request.headers.authorization ?? ''} ${request.headers.cookie ?? ''}`);
    const objects: unknown[] = [
      ...jwtClaimsIn(raw).filter((c) => !sentClaims.some((s) => s.sub === c.sub && s.aud === c.aud)),
    ];
    if (String(response.headers['content-type'] ?? '').includes('json')) {
      try {
        objects.push(JSON.parse(response.body));
      } catch {
        // not JSON after all: the text search above covered it
      }
    }
    for (const object of objects)
      walk(object, (key, value, parent) => {
        const org =
          (/^(organization_?id|org)$/i.test(key) || (key === 'id' && 'short_name' in parent)) &&
          typeof value === 'number'
            ? this.organizationIds.indexOf(value)
            : key === 'aud' && typeof value === 'string' && value.startsWith('site:')
              ? this.siteIds.indexOf(Number(value.slice(5)))
              : -1;
        if (org >= 0 && !request.visible.has(org))
          found.push(`${this.tenants[org].shortName}: ${key}=${String(value)}`);
      });
    return found;
  }

  /** New rows' identifiers join their organization's; job ids and created members become targets. */
  private learn(request: FuzzRequest, response: LightMyRequestResponse): void {
    if (response.statusCode !== 201 && response.statusCode !== 202) return;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(response.body) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof body.job_id === 'string') this.jobIds.push(body.job_id);
    const writable = request.writable ? [...request.writable] : [];
    if (request.route === 'POST /api/organization/members' && typeof body.id === 'string' && writable.length === 1) {
      this.createdMembers[writable[0]].push(body.id);
      this.identifiers[writable[0]].add(body.id.toLowerCase());
    }
    if (request.route === 'POST /api/auth/register' && typeof body.id === 'string' && writable.length === 1)
      this.identifiers[writable[0]].add(body.id.toLowerCase());
    if (request.route === 'POST /api/admin/sites' && typeof body.domain === 'string') {
      const t = this.tenants.findIndex((x) => x.shortName === body.organization);
      if (t >= 0) {
        this.extraHosts.set(body.domain, t);
        this.identifiers[t].add(body.domain.toLowerCase());
      }
    }
  }

  /**
   * Writes that crossed, read as the owner: a row carrying a request's mark (`fz<n>`) in an
   * organization that request could not write, and seeded accounts changed or gone.
   */
  private async crossedWrites(): Promise<string[]> {
    const problems: string[] = [];
    const rows = await asDatabaseOwner<{ source: string; organization_id: number; text: string }>(
      `SELECT 'course_runs' AS source, organization_id, course_key || ' ' || display_name AS text FROM course_runs
       UNION ALL SELECT 'libraries', organization_id, library_key || ' ' || title FROM libraries
       UNION ALL SELECT 'users', organization_id, email || ' ' || name FROM users`,
    );
    for (const row of rows) {
      for (const match of row.text.matchAll(/fz(\d+)/gi)) {
        const requests = this.byMark.get(Number(match[1]));
        if (!requests) continue; // another fuzzer run's, or not a mark
        const t = this.organizationIds.indexOf(row.organization_id);
        // writable null: an operator, who may write any organization
        const allowed = (request: FuzzRequest) => request.writable === null || (t >= 0 && request.writable.has(t));
        if (requests.some(allowed)) continue;
        problems.push(
          `${row.source} of organization ${row.organization_id} holds "${row.text}", written by ` +
            `${requests.map((q) => `${q.caller} ${q.method} ${q.url}`).join(' or ')}`,
        );
      }
    }
    const people = this.tenants.flatMap((t) => [t.admin, t.author, t.learner, t.twin].map((m) => ({ t, m })));
    const stored = await asDatabaseOwner<{ id: string; organization_id: number; role: string; active: boolean }>(
      `SELECT u.id, u.organization_id, m.role, m.active FROM users u
       JOIN organization_memberships m ON m.organization_id = u.organization_id AND m.user_id = u.id
       WHERE u.id = ANY ($1)`,
      [people.map(({ m }) => m.id)],
    );
    for (const { t, m } of people) {
      const row = stored.find((s) => s.id === m.id);
      if (!row) problems.push(`${t.shortName}'s ${m.email} (${m.role}) is gone`);
      else if (row.role !== m.role || !row.active || row.organization_id !== t.id)
        problems.push(`${t.shortName}'s ${m.email} changed: ${JSON.stringify(row)}`);
    }
    return problems;
  }
}

function walk(value: unknown, visit: (key: string, value: unknown, parent: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const [key, child] of Object.entries(object)) {
      visit(key, child, object);
      walk(child, visit);
    }
  }
}

function identifiersOf(t: IsolatedTenant): string[] {
  const people = [t.admin, t.author, t.learner, t.twin];
  return [
    t.shortName,
    t.name,
    t.site.domain,
    t.site.name,
    t.site.platformName,
    ...people.flatMap((m) => [m.id, m.name]),
    // The twins' shared email belongs to every organization, so it names none.
    ...[t.admin, t.author, t.learner].map((m) => m.email),
    ...t.courses.flatMap((c) => [c.key, c.displayName]),
    t.library.key,
    t.library.title,
  ];
}

function tokenOf(res: LightMyRequestResponse): string {
  return (JSON.parse(res.body) as { access_token: string }).access_token;
}

function cookiesOf(res: LightMyRequestResponse): string[] {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  return all.map((c) => c.split(';')[0]);
}
