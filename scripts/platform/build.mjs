// @ts-check
/** Builds the four apps when any source is newer than the last build (or `--force`). */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './services.mjs';

export const APPS = ['lms', 'studio', 'worker', 'cli'];
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const SOURCES = [
  'apps',
  'libs',
  'migrations',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package-lock.json',
];

/** @param {string} entry @returns {number} newest modification time under entry */
function newest(entry) {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const child of readdirSync(full)) latest = Math.max(latest, newest(path.join(entry, child)));
  return latest;
}

/** Built entry point of an app. */
export function builtMain(app) {
  return path.join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
}

export function buildIsCurrent() {
  if (!existsSync(STAMP) || APPS.some((app) => !existsSync(builtMain(app)))) return false;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.every((entry) => newest(entry) <= built);
}

/** @param {{ force?: boolean, log?: (line: string) => void }} [options] */
export function buildIfNeeded(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  if (!options.force && buildIsCurrent()) return false;
  const nest = path.join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  for (const app of APPS) {
    log(`Building ${app}...`);
    const result = spawnSync(process.execPath, [nest, 'build', app], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`Building ${app} failed`);
  }
  writeFileSync(STAMP, new Date().toISOString());
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildIfNeeded({ force: process.argv.includes('--force') });
}
