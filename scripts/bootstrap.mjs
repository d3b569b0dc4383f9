// @ts-check
/**
 * Entry point of `npm start` and `npm test` on any Node the machine has: installs the locked
 * dependencies when node_modules is missing or older than package-lock.json, then runs the task
 * on the project's own Node (the `node` package, Node 24). Node built-ins only.
 *
 * usage: node scripts/bootstrap.mjs <task> [args...]   (task: a file in scripts/platform/)
 *        node scripts/bootstrap.mjs install            (`npm ci` only, as CI does it)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const startedAt = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [task, ...args] = process.argv.slice(2);
if (!task || (task !== 'install' && !existsSync(path.join(root, 'scripts', 'platform', `${task}.mjs`)))) {
  console.error(`usage: node scripts/bootstrap.mjs <task> (no scripts/platform/${task}.mjs)`);
  process.exit(2);
}

const lockfile = path.join(root, 'package-lock.json');
// npm writes this file at the end of every install: its age tells whether the install is current.
const installed = path.join(root, 'node_modules', '.package-lock.json');
const projectNode = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');

function installIsCurrent() {
  if (!existsSync(installed) || !existsSync(projectNode)) return false;
  return statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs;
}

/** The lowest Node major the project declares (`engines.node`, e.g. `>=24 <25`). */
function projectNodeMajor() {
  const { engines } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return Number(/>=\s*(\d+)/.exec(engines?.node ?? '')?.[1] ?? 0);
}

/**
 * `npm ci`. npm checks each package's `engines` against the Node that runs npm, which may be the
 * machine's older one: those EBADENGINE warnings are expected (the code runs on the project's
 * Node, installed by this very step), so they are counted in one line instead of shown. Every
 * other line of npm's output passes through.
 */
function npmCi() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const olderNode = Number(process.versions.node.split('.')[0]) < projectNodeMajor();
  const child = spawn(npm, ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: ['ignore', 'inherit', olderNode ? 'pipe' : 'inherit'],
  });
  let hidden = 0;
  if (olderNode && child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (!line.startsWith('npm warn EBADENGINE')) return void process.stderr.write(`${line}\n`);
      if (line.includes('package:')) hidden++;
    });
  }
  return new Promise((resolve) => {
    child.on('close', (code) => {
      if (hidden > 0) {
        console.log(
          `(npm ran on Node ${process.versions.node}: ${hidden} packages that need a newer Node ` +
            `were installed for the project's own Node ${projectNodeMajor()}, as expected)`,
        );
      }
      resolve(code ?? 1);
    });
  });
}

let installMs = 0;
if (task === 'install' || !installIsCurrent()) {
  console.log('Installing dependencies from package-lock.json (npm ci)...');
  const status = await npmCi();
  if (status !== 0) {
    console.error('npm ci failed; see the output above.');
    process.exit(status);
  }
  installMs = Date.now() - startedAt;
  if (task === 'install') process.exit(0);
}

const child = spawn(projectNode, [path.join(root, 'scripts', 'platform', `${task}.mjs`), ...args], {
  cwd: root,
  stdio: 'inherit',
  // `npm start` counts from here, the install included.
  env: {
    ...process.env,
    MTL_STARTED_AT: process.env.MTL_STARTED_AT ?? String(startedAt),
    MTL_INSTALL_MS: String(installMs),
  },
});
// Ctrl-C reaches the task directly (same process group); other signals are passed on.
process.on('SIGINT', () => undefined);
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGHUP'])) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
