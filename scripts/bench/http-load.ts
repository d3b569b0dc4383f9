import { runNode } from './bench-lifecycle';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const AUTOCANNON = path.resolve(__dirname, '../../node_modules/autocannon/autocannon.js');
const AUTOCANNON_HOSTS = path.resolve(__dirname, 'autocannon-hosts.js');

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
  /** Requests answered during the run. */
  total: number;
  p50Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
}

/**
 * Loads `url` with autocannon in a separate process (so the client does not share the server's
 * event loop), `connections` at once for `seconds`, and returns the mean requests per second.
 * With `hosts`, successive requests carry the next `Host` of the list (round robin).
 */
export async function load(
  url: string,
  options: { connections?: number; seconds?: number; headers?: Record<string, string>; hosts?: readonly string[] } = {},
): Promise<LoadResult> {
  const connections = options.connections ?? 50;
  const seconds = options.seconds ?? 5;
  const headers = Object.entries(options.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const args = options.hosts?.length
    ? [AUTOCANNON_HOSTS, JSON.stringify({ url, hosts: options.hosts, connections, seconds })]
    : [AUTOCANNON, '-j', '-c', String(connections), '-d', String(seconds), ...headers, url];
  const stdout = await runNode(args, 'autocannon');
  const report = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  };
  return {
    requestsPerSecond: report.requests.average,
    p99Ms: report.latency.p99,
    non2xx: report.non2xx,
    total: report.requests.total,
    p50Ms: report.latency.p50,
    errors: report.errors + report.timeouts,
  };
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** One round's load of one kind, with what `count` counted meanwhile (pool acquisitions). */
export interface RoundResult extends LoadResult {
  counted: number;
  /**
   * CPU time this process (the server under test) spent per answered request, in µs: unlike
   * requests per second, it hardly moves when other processes compete for the cores.
   */
  cpuMicrosPerRequest: number;
  /**
   * CPU per answered request of the server, the load generator (autocannon, a reaped child) and
   * the processes `otherCpu` measures (PostgreSQL's backends), in µs: what one request costs the
   * machine. With every core busy, requests per second are about cores / this, without the noise
   * of the machine's speed changing between rounds.
   */
  machineCpuMicrosPerRequest: number;
}

/** Linux's fixed unit of /proc/<pid>/stat times (USER_HZ), in µs. */
const TICK_MICROS = 10_000;

/** utime, stime, cutime and cstime of /proc/<pid>/stat in µs, or undefined when it cannot be read. */
function procTimes(pid: number | 'self'): { own: number; children: number; comm: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // The fields after the command's closing parenthesis, from the 3rd (state): utime is the 14th.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return { own: (fields[11] + fields[12]) * TICK_MICROS, children: (fields[13] + fields[14]) * TICK_MICROS, comm };
  } catch {
    return undefined;
  }
}

/**
 * Starts measuring the CPU of the PostgreSQL backends `pids()` lists (read again at the end, so
 * backends opened meanwhile count from their start); `stop()` gives the µs they used. Backends of a
 * server on another machine are not in /proc, or are not `postgres` there: they count 0.
 */
export async function measureBackendsCpu(pids: () => Promise<number[]>): Promise<{ stop: () => Promise<number> }> {
  const cpu = (pid: number) => {
    const times = procTimes(pid);
    return times?.comm.startsWith('postgres') ? times.own : 0;
  };
  const before = new Map((await pids()).map((pid) => [pid, cpu(pid)]));
  return {
    stop: async () => (await pids()).reduce((sum, pid) => sum + Math.max(0, cpu(pid) - (before.get(pid) ?? 0)), 0),
  };
}

export interface RoundsOptions<K extends string> {
  /** Loaded in this order in every round, so that drift hits each kind alike. */
  kinds: readonly K[];
  urls: Record<K, string>;
  seconds: number;
  rounds: number;
  connections: number;
  /** Seconds of warm-up per kind before the first round (default 2). */
  warmUpSeconds?: number;
  headers?: Record<string, string>;
  /** Per kind, the `Host` headers its requests go round robin over. */
  hosts?: Partial<Record<K, readonly string[]>>;
  /** A running count read before and after each round (e.g. pool acquisitions). */
  count?: () => number;
  /** How a round's count is printed, given it and the round's requests. */
  describeCount?: (counted: number, requests: number) => string;
  /** Measures other processes serving the requests over a round (measureBackendsCpu). */
  otherCpu?: () => Promise<{ stop: () => Promise<number> }>;
}

/**
 * The load loop of the HTTP benchmarks: a warm-up of each kind, then `rounds` rounds loading
 * every kind in turn, each round printed as it ends; any non-2xx answer or connection error
 * stops the benchmark. Returns every round's result per kind.
 */
export async function loadRounds<K extends string>(options: RoundsOptions<K>): Promise<Record<K, RoundResult[]>> {
  const { kinds, urls, seconds, rounds, connections, headers } = options;
  const count = options.count ?? (() => 0);
  const width = Math.max(...kinds.map((k) => k.length));
  for (const kind of kinds)
    await load(urls[kind], { seconds: options.warmUpSeconds ?? 2, connections, headers, hosts: options.hosts?.[kind] });
  const results = Object.fromEntries(kinds.map((k) => [k, [] as RoundResult[]])) as Record<K, RoundResult[]>;
  console.log(
    `autocannon: ${connections} connections, ${seconds} s per round, ${rounds} rounds (${kinds.join(', ')}, …)`,
  );
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      const before = count();
      const other = await options.otherCpu?.();
      const children = procTimes('self')?.children ?? 0;
      const cpu = process.cpuUsage();
      const r = await load(urls[kind], { seconds, connections, headers, hosts: options.hosts?.[kind] });
      const used = process.cpuUsage(cpu);
      const autocannon = (procTimes('self')?.children ?? 0) - children;
      const otherUsed = (await other?.stop()) ?? 0;
      const counted = count() - before;
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${kind}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      const cpuMicrosPerRequest = (used.user + used.system) / Math.max(1, r.total);
      const machineCpuMicrosPerRequest = (used.user + used.system + autocannon + otherUsed) / Math.max(1, r.total);
      results[kind].push({ ...r, counted, cpuMicrosPerRequest, machineCpuMicrosPerRequest });
      const extra = options.describeCount ? `  (${r.total} requests, ${options.describeCount(counted, r.total)})` : '';
      console.log(
        `round ${round + 1} ${kind.padEnd(width)} ` +
          (`${String(Math.round(r.requestsPerSecond)).padStart(6)} req/s  p50 ${r.p50Ms} ms  p99 ` +
            `${r.p99Ms} ms  cpu ${cpuMicrosPerRequest.toFixed(0)} µs/req` +
            (options.otherCpu ? `  others ${(otherUsed / Math.max(1, r.total)).toFixed(0)} µs/req` : '') +
            `  machine ${machineCpuMicrosPerRequest.toFixed(0)} µs/req${extra}`),
      );
    }
  }
  return results;
}

/** The median over rounds of one figure of a kind's results. */
export const medianOf = <R extends LoadResult>(results: readonly R[], pick: (r: R) => number): number =>
  median(results.map(pick));

export interface SmallResponse {
  status: number;
  body: string;
}

/**
 * One HTTP request with node:http, which, unlike fetch, sends the `Host` header it is given (a
 * site is picked by it). Pass a keep-alive agent to reuse connections between calls.
 */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent } = {},
): Promise<SmallResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
