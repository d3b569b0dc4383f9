/**
 * Course-key parsing throughput.
 *
 *   node -r @swc-node/register scripts/bench/keys.ts [--file F] [--passes 10]
 *
 * Parses the keys of F (one a line), or by default the 200,000-key corpus of generate-keys.ts,
 * several times after a warm-up, and reports the median pass. Only parsing is timed (keys are
 * in memory first). The last line is `keys_per_s=<N>` (tryParseAnyKey, median pass).
 */
import { readFileSync } from 'node:fs';
import { orgOf, tryParseAnyKey } from '../../libs/course-keys/src';
import { generateKeys } from './generate-keys';

function argValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function loadKeys(file: string | undefined): string[] {
  if (!file) return generateKeys(200_000, 1);
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Runs fn over all keys `passes` times; returns keys/s of each pass. */
function measure(keys: string[], passes: number, fn: (keys: string[]) => number): number[] {
  const rates: number[] = [];
  let sink = 0;
  for (let p = 0; p < passes; p++) {
    const t0 = process.hrtime.bigint();
    sink += fn(keys);
    const ns = Number(process.hrtime.bigint() - t0);
    rates.push((keys.length * 1e9) / ns);
  }
  if (sink === -1) console.log('unreachable'); // keeps the work observable
  return rates;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

function parseAll(keys: string[]): number {
  let valid = 0;
  for (let i = 0; i < keys.length; i++) if (tryParseAnyKey(keys[i]) !== null) valid++;
  return valid;
}

function orgAll(keys: string[]): number {
  let withOrg = 0;
  for (let i = 0; i < keys.length; i++) if (orgOf(keys[i]) !== null) withOrg++;
  return withOrg;
}

function main(args: string[]): void {
  const file = argValue(args, '--file');
  const passes = Number(argValue(args, '--passes') ?? 10);
  const keys = loadKeys(file);
  const valid = parseAll(keys);
  console.log(
    `corpus: ${keys.length.toLocaleString('en-US')} keys (${file ?? 'generated, seed 1'}), ` +
      `${valid.toLocaleString('en-US')} valid; node ${process.version}`,
  );

  measure(keys, 5, parseAll); // warm-up: let V8 optimise the scanners
  measure(keys, 5, orgAll);
  const parse = measure(keys, passes, parseAll);
  const org = measure(keys, passes, orgAll);
  console.log(
    `parse (tryParseAnyKey): median ${fmt(median(parse))} keys/s, best ` +
      `${fmt(Math.max(...parse))}, worst ${fmt(Math.min(...parse))} over ${passes} passes`,
  );
  console.log(`orgOf: median ${fmt(median(org))} keys/s, best ${fmt(Math.max(...org))}`);
  console.log(`orgof_per_s=${Math.round(median(org))}`);
  console.log(`keys_per_s=${Math.round(median(parse))}`);
}

main(process.argv.slice(2));
