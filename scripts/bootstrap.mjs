// @ts-check
/**
 * Entry point of `npm start` and `npm test` on any Node the machine has: installs the locked
 * dependencies when node_modules is missing or older than package-lock.json, then runs the task
 * on the project's own Node (the `node` package, Node 24). Node built-ins only.
 *
 * usage: node scripts/bootstrap.mjs <task> [args...]   (task: a file in scripts/platform/)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [task, ...args] = process.argv.slice(2);
if (!task || !existsSync(path.join(root, 'scripts', 'platform', `${task}.mjs`))) {
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

if (!installIsCurrent()) {
  console.log('Installing dependencies from package-lock.json (npm ci)...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm ci failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}

const child = spawn(projectNode, [path.join(root, 'scripts', 'platform', `${task}.mjs`), ...args], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the task directly (same process group); other signals are passed on.
process.on('SIGINT', () => undefined);
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGHUP'])) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
