import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * `<repo>/test/fixtures/course-keys.tsv.gz`: the reference implementation's answers for 20k keys
 * (how they were made and how to remake them: test/fixtures/README.md).
 */
export const FIXTURE_PATH = path.resolve(__dirname, '../../../test/fixtures/course-keys.tsv.gz');

/** The fixture as text: a header line, then one `key kind org course run canonical` row a line. */
export function readFixtureText(): string {
  return gunzipSync(readFileSync(FIXTURE_PATH)).toString('utf8');
}

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
  const lines = readFixtureText().split('\n');
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
