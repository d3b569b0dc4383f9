import { readFixture } from './fixture.helper';
import { formatKeyRow } from './key-row.format';
import { tryParseAnyKey } from './key.parser';
import { orgOf } from './org-of';

// The contract: for every key of the reference fixture, the same verdict, fields and canonical
// string as opaque-keys. Failures are collected so one run shows all of them (first 20 printed).
describe('parity with the opaque-keys fixture', () => {
  const rows = readFixture();

  function report(failures: string[]): string {
    return (
      `${failures.length} mismatching rows, first ` +
      `${Math.min(20, failures.length)}:\n${failures.slice(0, 20).join('\n')}`
    );
  }

  it('reads the whole fixture', () => {
    // 20,095 data lines under the header (one of them the empty key).
    expect(rows.length).toBe(20_095);
    expect(rows.filter((r) => r.kind === 'INVALID').length).toBeGreaterThan(1000);
  });

  it('gives the same kind, org, course, run and canonical string for every row', () => {
    const failures: string[] = [];
    for (const row of rows) {
      const key = tryParseAnyKey(row.key);
      const got = key ? [key.kind, key.org, key.course, key.run, key.toString()] : ['INVALID', null, null, null, null];
      const want = [row.kind, row.org, row.course, row.run, row.canonical];
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        failures.push(`${JSON.stringify(row.key)}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
      }
    }
    expect(failures.length === 0 ? '' : report(failures)).toBe('');
  });

  it('formats every row byte for byte as the fixture line', () => {
    const failures = rows
      .filter((row) => formatKeyRow(row.key) !== row.line)
      .map((row) => `${JSON.stringify(row.line)} != ${JSON.stringify(formatKeyRow(row.key))}`);
    expect(failures.length === 0 ? '' : report(failures)).toBe('');
  });

  it('orgOf agrees with the full parser on every row', () => {
    const failures = rows
      .filter((row) => orgOf(row.key) !== (tryParseAnyKey(row.key)?.org ?? null))
      .map((row) => `${JSON.stringify(row.key)}: orgOf ${JSON.stringify(orgOf(row.key))}`);
    expect(failures.length === 0 ? '' : report(failures)).toBe('');
    expect(orgOf('course-v1:edX+DemoX+2024')).toBe('edX');
    expect(orgOf('course-v1:edX+DemoX')).toBeNull();
  });

  it('escapes keys with tab, newline, carriage return and backslash as the fixture convention says', () => {
    // Such keys can only be checked through formatKeyRow: the line-based CLI input cannot carry
    // a "\n" inside a key, and drops a "\r" before the line end.
    expect(formatKeyRow('a\tb')).toBe('a\\tb\tINVALID\t\\N\t\\N\t\\N\t\\N');
    expect(formatKeyRow('course-v1:edX+DemoX+2024\n')).toBe('course-v1:edX+DemoX+2024\\n\tINVALID\t\\N\t\\N\t\\N\t\\N');
    expect(formatKeyRow('lib:edX:slug\n')).toBe('lib:edX:slug\\n\tlib\tedX\t\\N\t\\N\tlib:edX:slug\\n');
    expect(formatKeyRow('x\\y\r')).toBe('x\\\\y\\r\tINVALID\t\\N\t\\N\t\\N\t\\N');
    expect(formatKeyRow('')).toBe('\tINVALID\t\\N\t\\N\t\\N\t\\N');
  });
});
