/**
 * A deterministic, realistic corpus of course/library keys for benchmarks.
 *
 *   generateKeys(n, seed, opts) -> string[]
 *   node -r @swc-node/register scripts/bench/generate-keys.ts [--n 200000] [--seed 1]
 *        [--orgs 500] [--invalid 0.05] [--out FILE]      (one key a line; stdout without --out)
 *
 * Mix (before the invalid share is taken out): 70% course-v1 (a tenth of them with a branch
 * or version), 10% deprecated ORG/COURSE/RUN, 10% library-v1, 5% lib:, 5% broken keys. Orgs
 * follow a Zipf spread, so a few orgs own most keys, as on a real instance.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface GenerateKeysOptions {
  /** How many organisations to spread the keys over (default 500). */
  orgs?: number;
  /** Share of broken keys, 0..1 (default 0.05). */
  invalid?: number;
  /** Zipf exponent of the org spread (default 1.1). */
  zipf?: number;
}

/** mulberry32: small, fast and good enough for a reproducible corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KNOWN_ORGS = ['edX', 'MITx', 'HarvardX', 'BerkeleyX', 'DelftX', 'UQx', 'LinuxFoundationX', 'State_Univ'];
const SUFFIXES = ['X', 'U', 'Academy', 'Labs'];
const RUNS = ['2024', '1T2020', '3T2017', '2013_Spring', 'self-paced', 'Demo_Course', 'v2.1', 'R~1'];
const COURSE_SUFFIXES = ['', 'x', '.1', '-A'];
const VERSION = '519665f6223ebd6980884f2b';

function orgNames(count: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    names.push(i < KNOWN_ORGS.length ? KNOWN_ORGS[i] : `Org${i}_${SUFFIXES[i % SUFFIXES.length]}`);
  }
  return names;
}

/** Cumulative Zipf weights, for sampling a rank by binary search. */
function zipfTable(count: number, exponent: number): Float64Array {
  const cdf = new Float64Array(count);
  let total = 0;
  for (let r = 0; r < count; r++) cdf[r] = total += 1 / Math.pow(r + 1, exponent);
  for (let r = 0; r < count; r++) cdf[r] /= total;
  return cdf;
}

function sample(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function generateKeys(n: number, seed = 1, opts: GenerateKeysOptions = {}): string[] {
  const rand = prng(seed);
  const orgs = orgNames(opts.orgs ?? 500);
  const cdf = zipfTable(orgs.length, opts.zipf ?? 1.1);
  const invalid = opts.invalid ?? 0.05;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const course = (): string => `CS${Math.floor(rand() * 1000)}${pick(COURSE_SUFFIXES)}`;
  const keys: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const org = orgs[sample(cdf, rand())];
    const u = rand();
    if (u < invalid) {
      keys[i] = broken(org, course(), pick(RUNS), rand);
      continue;
    }
    // The valid share keeps the 70/10/10/5 proportions of the fixture's mix.
    const v = ((u - invalid) / (1 - invalid)) * 95;
    if (v < 70) {
      let key = `course-v1:${org}+${course()}+${pick(RUNS)}`;
      const extra = rand();
      if (extra < 0.05) key += '+branch@draft';
      else if (extra < 0.08) key += `+version@${VERSION}`;
      else if (extra < 0.1) key += `+branch@published+version@${VERSION}`;
      keys[i] = key;
    } else if (v < 80) {
      // The deprecated form does not allow '~' (so `R~1` runs are left out).
      let run = pick(RUNS);
      if (run === 'R~1') run = '2014_T1';
      keys[i] = `${org}/${course()}/${run}`;
    } else if (v < 90) {
      keys[i] = `library-v1:${org}+lib_${Math.floor(rand() * 10000)}`;
    } else {
      keys[i] = `lib:${org}:lib-${Math.floor(rand() * 10000)}`;
    }
  }
  return keys;
}

/** Keys the reference rejects, in the shapes seen in real logs and CSVs. */
function broken(org: string, course: string, run: string, rand: () => number): string {
  switch (Math.floor(rand() * 8)) {
    case 0:
      return `course-v1:${org}+${course}`;
    case 1:
      return `course-v1:${org}+${course}+${run}+`;
    case 2:
      return `course-v1:${org} +${course}+${run}`;
    case 3:
      return `${org}/${course}/R~1`;
    case 4:
      return `Course-v1:${org}+${course}+${run}`;
    case 5:
      return `course-v1:${org}+${course}+${run} `;
    case 6:
      return `library-v1:${org}`;
    default:
      return rand() < 0.5 ? '' : 'not a key';
  }
}

function argValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const n = Number(argValue(args, '--n') ?? 200_000);
  const seed = Number(argValue(args, '--seed') ?? 1);
  const orgs = Number(argValue(args, '--orgs') ?? 500);
  const invalid = Number(argValue(args, '--invalid') ?? 0.05);
  const file = argValue(args, '--out');
  const out = file ? createWriteStream(file) : process.stdout;
  const keys = generateKeys(n, seed, { orgs, invalid });
  // Written in batches with backpressure, so a million keys do not pile up in the stream.
  for (let i = 0; i < keys.length; i += 10_000) {
    if (!out.write(keys.slice(i, i + 10_000).join('\n') + '\n')) await once(out, 'drain');
  }
  if (file) {
    out.end();
    await once(out, 'finish');
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
