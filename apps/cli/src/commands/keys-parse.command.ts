import { createReadStream } from 'node:fs';
import { Command, CommandRunner } from 'nest-commander';
import { writeKeyRows } from '@mtl/course-keys';

/**
 * Checks a file of course keys before a backfill: one tab-separated row per key, in the columns
 * and conventions of the reference fixture test/fixtures/course-keys.tsv.gz (`key kind org course run canonical`).
 * Streams, so a file of millions of keys runs in constant memory.
 */
@Command({
  name: 'keys:parse',
  arguments: '[file]',
  description:
    'Parse course/usage keys (one a line, from FILE or standard input) into ' +
    'key\\tkind\\torg\\tcourse\\trun\\tcanonical rows',
})
export class KeysParseCommand extends CommandRunner {
  async run([file]: string[]): Promise<void> {
    const input = file && file !== '-' ? createReadStream(file) : process.stdin;
    const summary = await writeKeyRows(input, process.stdout);
    process.stderr.write(`${summary.lines} keys, ${summary.invalid} invalid\n`);
  }
}
