// @ts-check
/**
 * `npm test`: every tier (unit, integration, e2e) with Jest against real PostgreSQL and Redis;
 * extra arguments go to Jest. Ends with one plain `tests: N passed, N failed` line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './services.mjs';

const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
/** The browser suite drives Debian's Chromium (test/browser/chromium.ts); without it, it is left out. */
const CHROMIUM = '/usr/bin/chromium';
const chosenProjects = process.argv.includes('--selectProjects');
const browserArgs = [];
if (!existsSync(CHROMIUM)) {
  if (chosenProjects && process.argv.includes('browser')) {
    console.error(`browser tests need Chromium at ${CHROMIUM}: sudo apt-get install -y chromium`);
    process.exit(1);
  }
  if (!chosenProjects) {
    console.log(`browser tests skipped: no Chromium at ${CHROMIUM} (Debian/Ubuntu: sudo apt-get install -y chromium)`);
    browserArgs.push('--selectProjects', 'unit', 'integration');
  }
}
const resultDir = mkdtempSync(path.join(tmpdir(), 'mtl-jest-'));
const resultFile = path.join(resultDir, 'results.json');
const args = [
  // Jest loads NestJS 12's ES modules through vm modules, behind this flag.
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  jest,
  ...(process.env.CI ? ['--ci'] : []),
  '--json',
  `--outputFile=${resultFile}`,
  ...process.argv.slice(2),
  // Last: --selectProjects takes every word after it, so before the test paths it would swallow them.
  ...browserArgs,
];
const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => {
  if (existsSync(resultFile)) {
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(
      `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
    );
  }
  rmSync(resultDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
