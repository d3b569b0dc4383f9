import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// The repository stands alone: every behaviour the code cites is documented in docs/, and no
// tracked file reads or links a path outside the repository (a clone has no siblings).
const ROOT = path.resolve(__dirname, '../..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file !== '' && !/\.(gz|png|jpg|ico|woff2?)$/.test(file));
const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** `B-SITECONF-15`, `CS-38`, or a family such as `B-SITECONF` (from `B-SITECONF-*`). */
const CITED = /\b(?:B-[A-Z]+(?:-\d+)?|CS-\d{2})\b/g;

describe('the repository stands alone', () => {
  it('documents in docs/ every B-… and CS-… identifier cited anywhere', () => {
    const docs = tracked.filter((file) => file.startsWith('docs/') && file.endsWith('.md'));
    const anchors = new Set<string>();
    for (const file of docs) {
      for (const [, id] of text(file).matchAll(/^#+ ((?:B|CS)-[A-Z0-9-]*[A-Z0-9])\b/gm)) anchors.add(id);
      for (const [, id] of text(file).matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(id);
    }
    const missing: string[] = [];
    for (const file of tracked) {
      for (const [id] of text(file).matchAll(CITED)) if (!anchors.has(id)) missing.push(`${file}: ${id}`);
    }
    expect(missing).toEqual([]);
  });

  it('has no file that refers to a path outside the repository', () => {
    const outside: string[] = [];
    for (const file of tracked) {
      const content = text(file);
      // The reference desk beside the project, by any spelling.
      for (const [hit] of content.matchAll(
        /(?:\.\.\/)+shared\b|\bshared\/(?:docs|fixtures|tools|hooks)\b|\/work\/(?:shared|main|wt)\b/g,
      )) {
        outside.push(`${file}: ${hit}`);
      }
      // Relative paths that climb out of the repository from the file's folder and from the root.
      for (const [hit] of content.matchAll(/(?:\.\.\/)+[\w.-]+/g)) {
        const within = (from: string) => !path.relative(ROOT, path.resolve(from, hit)).startsWith('..');
        if (!within(path.dirname(path.join(ROOT, file))) && !within(ROOT)) outside.push(`${file}: ${hit}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
