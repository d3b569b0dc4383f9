/*
 * autocannon over a weighted mix of requests across many tenant sites (load.ts). Each request
 * takes the next slot of a 100-slot schedule (the kinds spread by their weights); each kind
 * walks the tenants on a counter of its own, so every kind reaches every site. Enrollments use
 * each (learner, course) pair once; logins come from addresses of their own (X-Forwarded-For;
 * the LMS trusts the proxy), so no login throttle is reached. Each answer is checked against the
 * status its kind expects and, for JSON answers, for another tenant's short name; per-kind counts
 * and latencies are measured here (from the request's write to its answer).
 *
 *   node autocannon-mix.js <plan.json>    prints one JSON result on stdout
 */
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const autocannon = require('autocannon');

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { tenants, kinds, password } = plan;
const shortNames = tenants.map((t) => t.shortName);

/** 100 slots, each kind's share spread evenly (largest remainder first, interleaved). */
function scheduleOf(weights) {
  const slots = [];
  const total = weights.reduce((sum, k) => sum + k.weight, 0);
  const step = weights.map((k) => total / k.weight);
  const next = weights.map((_, i) => step[i] / 2);
  for (let n = 0; n < total; n++) {
    let best = 0;
    for (let i = 1; i < weights.length; i++) if (next[i] < next[best]) best = i;
    slots.push(weights[best].name);
    next[best] += step[best];
  }
  return slots;
}
const schedule = scheduleOf(kinds);
let slot = 0;
// `site` is also where enrollments fall back to once their pairs run out.
const known = kinds.some((k) => k.name === 'site') ? kinds : [...kinds, { name: 'site', weight: 0, status: 200 }];
const counters = Object.fromEntries(known.map((k) => [k.name, 0]));
let enrollIndex = plan.enrollStart;
let loginIndex = plan.loginStart;
const pairsPerTenant = plan.learnersPerTenant * plan.coursesPerTenant;
let exhausted = 0;

const json = { 'content-type': 'application/json' };

/** The request of one kind on the tenant its counter points at (a site request once enrollments run out). */
function build(kind) {
  const n = counters[kind]++;
  const t = tenants[n % tenants.length];
  const course = t.courses[Math.floor(n / tenants.length) % t.courses.length];
  switch (kind) {
    case 'site':
      return { kind, tenant: t, method: 'GET', path: '/api/site', headers: { host: t.host } };
    case 'catalog':
      return {
        kind,
        tenant: t,
        method: 'GET',
        path: `/api/courses?page_size=20&page=${1 + (Math.floor(n / tenants.length) % 2)}`,
        headers: { host: t.host },
      };
    case 'catalog_page':
      return { kind, tenant: t, method: 'GET', path: '/', headers: { host: t.host, accept: 'text/html' } };
    case 'course':
      return {
        kind,
        tenant: t,
        method: 'GET',
        path: `/api/courses/${encodeURIComponent(course)}`,
        headers: { host: t.host },
      };
    case 'course_page':
      return {
        kind,
        tenant: t,
        method: 'GET',
        path: `/courses/${encodeURIComponent(course)}`,
        headers: { host: t.host, accept: 'text/html' },
      };
    case 'enrollments': {
      const learner = t.learners[Math.floor(n / tenants.length) % t.learners.length];
      return {
        kind,
        tenant: t,
        method: 'GET',
        path: '/api/enrollments',
        headers: { host: t.host, authorization: `Bearer ${learner.token}` },
      };
    }
    case 'enroll': {
      // Pair i: tenant i % T, then learner-major so successive pairs of a tenant change learner.
      const i = enrollIndex++;
      const tenant = tenants[i % tenants.length];
      const p = Math.floor(i / tenants.length);
      if (p >= pairsPerTenant) {
        exhausted++;
        return build('site');
      }
      const learner = tenant.learners[p % plan.learnersPerTenant];
      const key = tenant.courses[Math.floor(p / plan.learnersPerTenant)];
      return {
        kind,
        tenant,
        method: 'POST',
        path: '/api/enrollments',
        headers: { host: tenant.host, authorization: `Bearer ${learner.token}`, ...json },
        body: JSON.stringify({ course_key: key }),
      };
    }
    case 'login': {
      const i = loginIndex++;
      const tenant = tenants[i % tenants.length];
      const learner = tenant.learners[Math.floor(i / tenants.length) % tenant.learners.length];
      const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      return {
        kind,
        tenant,
        method: 'POST',
        path: '/api/auth/login',
        headers: { host: tenant.host, 'x-forwarded-for': address, ...json },
        body: JSON.stringify({ email: learner.email, password }),
      };
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

const expected = Object.fromEntries(known.map((k) => [k.name, k.status]));
const stats = Object.fromEntries(known.map((k) => [k.name, { count: 0, latencies: [], unexpected: {}, leaks: 0 }]));
const samples = [];

/** Another tenant's short name in a JSON answer (every id in these bodies is the tenant's own). */
function leaks(body, own) {
  for (const name of shortNames) if (name !== own && body.includes(`"${name}`)) return true;
  return false;
}

const url = new URL(plan.url);
autocannon(
  {
    url: url.origin,
    connections: plan.connections,
    duration: plan.seconds,
    requests: [
      {
        setupRequest: (request, context) => {
          const kind = schedule[slot++ % schedule.length];
          const r = build(kind);
          context.kind = r.kind;
          context.tenant = r.tenant.shortName;
          context.sent = performance.now();
          return { ...request, method: r.method, path: r.path, headers: r.headers, body: r.body ?? Buffer.alloc(0) };
        },
        onResponse: (status, body, context) => {
          const s = stats[context.kind];
          s.count++;
          s.latencies.push(performance.now() - context.sent);
          if (status !== expected[context.kind]) {
            s.unexpected[status] = (s.unexpected[status] ?? 0) + 1;
            if (samples.length < 5) samples.push({ kind: context.kind, status, body: String(body).slice(0, 300) });
          } else if (context.kind !== 'catalog_page' && context.kind !== 'course_page' && body) {
            if (leaks(String(body), context.tenant)) s.leaks++;
          }
        },
      },
    ],
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    const percentile = (sorted, p) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0;
    const byKind = {};
    for (const [name, s] of Object.entries(stats)) {
      const sorted = s.latencies.sort((a, b) => a - b);
      byKind[name] = {
        count: s.count,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        unexpected: s.unexpected,
        leaks: s.leaks,
      };
    }
    process.stdout.write(
      JSON.stringify({
        requestsPerSecond: result.requests.average,
        total: result.requests.total,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors + result.timeouts,
        kinds: byKind,
        samples,
        enrollNext: enrollIndex,
        loginNext: loginIndex,
        exhausted,
      }),
    );
  },
);
