import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { RUNTIME_ROLE } from '@mtl/tenancy';
import { asDatabaseOwner } from '@mtl/testing';

/**
 * A `redis-server` of the test's own on a free port, so that it can be killed and started again
 * without touching the machine's shared Redis. Nothing is saved to disk.
 */
export class PrivateRedis {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await eventually(() => answers(this.port), 5000);
  }

  /**
   * SIGSTOP: Redis stops answering but its connections stay open, as a hung server or a network
   * that drops packets without a reset would leave them; no client sees an error, only silence.
   */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** SIGCONT: a frozen Redis answers again, what it was sent meanwhile included. */
  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** SIGKILL: the outage is abrupt, as a crash or a cut cable would be. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once a connection of the runtime role waits on a lock in this database. */
export function someRequestWaitsOnALock(): Promise<number> {
  return eventually(async () => {
    const [row] = await asDatabaseOwner<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND usename = $1 AND wait_event_type = 'Lock'`,
      [RUNTIME_ROLE],
    );
    return row.n > 0;
  }, 10_000);
}

/** Polls `check` until it passes or `timeoutMs` elapses; returns the milliseconds it took. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const start = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - start;
}

export interface Answer {
  status: number;
  body: unknown;
}

/** Keeps connections open between requests, as a real client would. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** A request to an app listening on `port`, with any Host; answered with its status and parsed body. */
export function call(
  port: number,
  path: string,
  init: { method?: string; host?: string; token?: string; body?: unknown } = {},
): Promise<Answer> {
  const payload = init.body !== undefined ? Buffer.from(JSON.stringify(init.body)) : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        method: init.method ?? 'GET',
        headers: {
          host: init.host ?? 'localhost',
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: kept as text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** `answer`, or a rejection naming `what` when it has not come within `ms`: a hang fails as one. */
export function answeredWithin<T>(what: string, ms: number, answer: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/** `{statusCode, error, message, details}` with this status. */
export function inErrorShape(answer: Answer, status: number): boolean {
  const b = answer.body as Record<string, unknown>;
  return (
    answer.status === status &&
    typeof b === 'object' &&
    b !== null &&
    b.statusCode === status &&
    typeof b.error === 'string' &&
    typeof b.message === 'string' &&
    Array.isArray(b.details)
  );
}

/**
 * Requests sent back to back by a few concurrent callers until stopped, each answer recorded
 * with the phase it was sent in: the traffic a fault lands in the middle of.
 */
export class Load {
  readonly answers: { phase: string; name: string; status: number; body: unknown }[] = [];
  private running = true;
  private loops: Promise<void>[] = [];
  phase = 'before';

  constructor(
    private readonly requests: { name: string; send: () => Promise<Answer> }[],
    private readonly concurrency = 4,
    { deferred = false }: { deferred?: boolean } = {},
  ) {
    if (!deferred) this.start();
  }

  /** Starts the callers (the constructor does, unless `deferred`). */
  start(): void {
    for (let i = 0; i < this.concurrency; i++) this.loops.push(this.loop(i));
  }

  private async loop(offset: number): Promise<void> {
    for (let n = offset; this.running; n++) {
      const { name, send } = this.requests[n % this.requests.length];
      const phase = this.phase;
      try {
        const answer = await send();
        this.answers.push({ phase, name, status: answer.status, body: answer.body });
      } catch (error) {
        this.answers.push({ phase, name, status: 0, body: String(error) });
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Answers other than `ok` (a status, or a test), as `phase name status` lines. */
  unexpected(ok: (answer: { name: string; status: number; body: unknown; phase: string }) => boolean): string[] {
    return this.answers
      .filter((a) => !ok(a))
      .map((a) => `${a.phase} ${a.name} ${a.status} ${JSON.stringify(a.body).slice(0, 160)}`);
  }
}

/**
 * A TCP proxy in front of a server (Redis, PostgreSQL), for one app instance: `cut()` drops its
 * connections and refuses new ones (that instance alone is cut off; others reach the same server
 * directly), and `restore()` listens again on the same port. `freeze()` stops forwarding in both
 * directions with every connection left open, as a network that drops packets does: no error
 * reaches either side, only silence. `thaw()` forwards again, what was held included; with
 * `{ existing: false }` only new connections do, and the frozen ones stay silent for good (the
 * half-open connections a failover or a lost NAT entry leaves behind).
 */
export class CuttableProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private frozen = false;

  private constructor(
    readonly port: number,
    private readonly targetPort: number,
  ) {}

  static async to(targetPort: number): Promise<CuttableProxy> {
    const proxy = new CuttableProxy(await freePort(), targetPort);
    await proxy.restore();
    return proxy;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** `url` (of the proxied server) going through this proxy instead. */
  through(url: string): string {
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(this.port);
    return proxied.toString();
  }

  restore(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect({ port: this.targetPort, host: '127.0.0.1' });
      const pair: [net.Socket, net.Socket] = [client, upstream];
      this.pairs.add(pair);
      for (const socket of pair) {
        this.sockets.add(socket);
        socket.on('close', () => {
          this.sockets.delete(socket);
          this.pairs.delete(pair);
        });
        socket.on('error', () => undefined);
      }
      // While frozen, a new connection is accepted and left unread, as the others are.
      if (!this.frozen) forward(pair);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
  }

  freeze(): void {
    this.frozen = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  thaw({ existing = true }: { existing?: boolean } = {}): void {
    this.frozen = false;
    if (existing) for (const pair of this.pairs) forward(pair);
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

function forward([client, upstream]: [net.Socket, net.Socket]): void {
  client.pipe(upstream);
  upstream.pipe(client);
}
