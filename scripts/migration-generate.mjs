// @ts-check
/**
 * `npm run migration:generate -- <PascalName>`: diffs the entities against the database
 * (DATABASE_URL, migrated first) and writes migrations/<epoch-ms>-<PascalName>.ts, then adds it to
 * migrations/index.ts. Review the generated SQL before committing it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './platform/services.mjs';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- <PascalCaseName>');
  process.exit(2);
}
const node = process.execPath;
const register = ['-r', '@swc-node/register'];
const run = (args) => spawnSync(node, [...register, ...args], { cwd: ROOT, stdio: 'inherit' }).status ?? 1;

if (run(['apps/cli/src/main.ts', 'migrate']) !== 0) process.exit(1);
const before = new Set(readdirSync(path.join(ROOT, 'migrations')));
const status = run([
  'node_modules/typeorm/cli.js',
  'migration:generate',
  '--pretty',
  '-d',
  'libs/database/src/typeorm-cli.data-source.ts',
  `migrations/${name}`,
]);
if (status !== 0) process.exit(status);
const created = readdirSync(path.join(ROOT, 'migrations')).find((f) => !before.has(f));
if (!created) process.exit(0);
const className = readFileSync(path.join(ROOT, 'migrations', created), 'utf8').match(/export class (\w+)/)?.[1];
const indexFile = path.join(ROOT, 'migrations', 'index.ts');
let index = readFileSync(indexFile, 'utf8');
index = index.replace(
  /(\n\nexport const MIGRATIONS = \[)/,
  `\nimport { ${className} } from './${created.replace(/\.ts$/, '')}';$1`,
);
index = index.replace(
  /export const MIGRATIONS = \[([^\]]*)\]/,
  (_m, list) => `export const MIGRATIONS = [${list.trim().replace(/,?\s*$/, '')}, ${className}]`,
);
writeFileSync(indexFile, index);
console.log(`Added ${className} to migrations/index.ts; review migrations/${created}.`);
