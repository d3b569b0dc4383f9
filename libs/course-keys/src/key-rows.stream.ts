import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { INVALID_KIND, formatKeyRow } from './key-row.format';

export interface KeyRowsSummary {
  /** Keys read (lines, including empty ones). */
  lines: number;
  /** How many of them were INVALID. */
  invalid: number;
}

// Output is flushed in batches of about this many UTF-16 units: few write calls, bounded memory.
const BATCH = 64 * 1024;

/**
 * Reads keys one a line from `input` (UTF-8) and writes one fixture-format row per key to
 * `output`, without a header. Lines end at "\n"; a "\r" just before it is taken as part of a
 * CRLF line end and dropped, so Windows files check the same as Unix ones. Consequences:
 * a key containing "\n", or ending with "\r", cannot be given through this input (such keys
 * can only be checked with formatKeyRow directly); a final line without "\n" is still a key;
 * an empty line is the empty key (INVALID). Nothing else is trimmed. Bytes that are not UTF-8
 * become U+FFFD. Memory stays constant: input is pulled chunk by chunk and each write waits for
 * 'drain' when the output asks for it.
 */
export async function writeKeyRows(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<KeyRowsSummary> {
  const decoder = new StringDecoder('utf8');
  const summary: KeyRowsSummary = { lines: 0, invalid: 0 };
  let pending = '';
  let out = '';

  const emit = async (line: string): Promise<void> => {
    const row = formatKeyRow(line);
    summary.lines++;
    if (isInvalidRow(row)) summary.invalid++;
    out += row + '\n';
    if (out.length >= BATCH) await flush();
  };
  const flush = async (): Promise<void> => {
    if (out.length === 0) return;
    const chunk = out;
    out = '';
    if (!output.write(chunk)) await once(output as NodeJS.EventEmitter, 'drain');
  };
  const consume = async (text: string): Promise<void> => {
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl >= 0 && pending.length > 0) {
      await emit(stripCr(pending + text.slice(0, nl)));
      pending = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    for (; nl >= 0; nl = text.indexOf('\n', start)) {
      await emit(stripCr(text.slice(start, nl)));
      start = nl + 1;
    }
    pending += text.slice(start);
  };

  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    await consume(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  }
  await consume(decoder.end());
  if (pending.length > 0) await emit(pending);
  await flush();
  return summary;
}

function stripCr(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line;
}

/** The kind column is the second one; the key column never contains a raw tab. */
function isInvalidRow(row: string): boolean {
  const tab = row.indexOf('\t');
  return row.startsWith(`${INVALID_KIND}\t`, tab + 1);
}
