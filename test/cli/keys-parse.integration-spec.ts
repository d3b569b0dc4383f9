import path from 'node:path';
import { runCliSync } from '@mtl/testing';
import { readFixtureText } from '@mtl/course-keys/fixture.helper';

const root = path.resolve(__dirname, '../..');

const keysParse = (input: string, args: string[] = []) => runCliSync(['keys:parse', ...args], { input });

describe('cli keys:parse', () => {
  it("writes the fixture's columns byte for byte for the fixture's keys", () => {
    // Rows whose key needed escaping cannot travel one a line; the parser's own tests cover them.
    const rows = readFixtureText()
      .split('\n')
      .slice(1)
      .filter((row) => row !== '');
    const plain = rows.filter((row) => !row.split('\t')[0].includes('\\'));
    expect(plain.length).toBeGreaterThan(20_000);
    const result = keysParse(plain.map((row) => row.split('\t')[0]).join('\n') + '\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(plain.map((row) => `${row}\n`).join(''));
    expect(result.stderr).toMatch(/^\d+ keys, \d+ invalid\n$/);
  });

  it('reads a file argument and reports invalid keys as INVALID rows', () => {
    const result = keysParse('', [path.join(root, 'package.json')]);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('{\tINVALID\t\\N\t\\N\t\\N\t\\N');
  });
});
