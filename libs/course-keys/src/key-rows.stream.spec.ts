import { PassThrough, Readable, Writable } from 'node:stream';
import { writeKeyRows } from './key-rows.stream';

function collect(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('writeKeyRows', () => {
  it('writes one fixture row per line, CRLF or LF, with no header', async () => {
    const input = Readable.from([
      Buffer.from('course-v1:edX+DemoX+2024\r\n\nedX/Demo'),
      Buffer.from('X/2024\nlib:edX:my-lib\nnot a key'),
    ]);
    const out = collect();
    const summary = await writeKeyRows(input, out.stream);
    expect(summary).toEqual({ lines: 5, invalid: 2 });
    expect(out.text()).toBe(
      [
        'course-v1:edX+DemoX+2024\tcourse-v1\tedX\tDemoX\t2024\tcourse-v1:edX+DemoX+2024',
        '\tINVALID\t\\N\t\\N\t\\N\t\\N',
        'edX/DemoX/2024\tslash\tedX\tDemoX\t2024\tedX/DemoX/2024',
        'lib:edX:my-lib\tlib\tedX\t\\N\t\\N\tlib:edX:my-lib',
        'not a key\tINVALID\t\\N\t\\N\t\\N\t\\N',
        '',
      ].join('\n'),
    );
  });

  it('decodes UTF-8 split across chunks and escapes tabs inside a key', async () => {
    const bytes = Buffer.from('course-v1:é+b+c\na\tb\n');
    const at = bytes.indexOf(0xc3) + 1; // cut inside the two bytes of é
    const out = collect();
    const summary = await writeKeyRows(Readable.from([bytes.subarray(0, at), bytes.subarray(at)]), out.stream);
    expect(summary).toEqual({ lines: 2, invalid: 1 });
    expect(out.text()).toBe(
      'course-v1:é+b+c\tcourse-v1\té\tb\tc\tcourse-v1:é+b+c\na\\tb\tINVALID\t\\N\t\\N\t\\N\t\\N\n',
    );
  });

  it('waits for drain when the output pushes back', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `course-v1:Org${i}+C+R`).join('\n');
    const slow = new PassThrough({ highWaterMark: 1024 });
    const received: string[] = [];
    slow.on('data', (chunk: Buffer) => received.push(chunk.toString()));
    slow.pause();
    const done = writeKeyRows(Readable.from([keys]), slow);
    await new Promise((resolve) => setImmediate(resolve));
    // Paused consumer: the writer must be blocked on the first full batch, not buffering all.
    expect(slow.writableLength).toBeLessThan(200 * 1024);
    slow.resume();
    expect(await done).toEqual({ lines: 20_000, invalid: 0 });
    expect(received.join('').split('\n').length).toBe(20_001);
  });
});
