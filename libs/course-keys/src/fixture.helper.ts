import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** `<repo>/../shared/fixtures/course-keys.tsv`, the reference's answers for 20k keys. */
export const FIXTURE_PATH = path.resolve(__dirname, '../../../../shared/fixtures/course-keys.tsv');

export interface FixtureRow {
  /** The line as stored, for byte-for-byte comparison. */
  line: string;
  /** The key with the fixture's escapes undone. */
  key: string;
  kind: string;
  org: string | null;
  course: string | null;
  run: string | null;
  canonical: string | null;
}

const ESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

export function unescapeField(value: string): string | null {
  if (value === '\\N') return null;
  return value.replace(/\\([\\tnr])/g, (_, c: string) => ESCAPES[c]);
}

export function readFixture(): FixtureRow[] {
  const lines = readFileSync(FIXTURE_PATH, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(1).map((line) => {
    const [key, kind, org, course, run, canonical] = line.split('\t');
    return {
      line,
      key: unescapeField(key) ?? '\\N',
      kind,
      org: unescapeField(org),
      course: unescapeField(course),
      run: unescapeField(run),
      canonical: unescapeField(canonical),
    };
  });
}
