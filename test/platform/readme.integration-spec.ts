import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeConfig } from '@mtl/config';

describe('README', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

  it('documents every configuration variable', () => {
    const missing = describeConfig()
      .map((v) => v.name)
      .filter((name) => !readme.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });
});
