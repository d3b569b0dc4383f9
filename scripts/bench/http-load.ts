import { spawn } from 'node:child_process';
import path from 'node:path';

const AUTOCANNON = path.resolve(__dirname, '../../node_modules/autocannon/autocannon.js');

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
}

/**
 * Loads `url` with autocannon in a separate process (so the client does not share the server's
 * event loop), `connections` at once for `seconds`, and returns the mean requests per second.
 */
export function load(url: string, options: { connections?: number; seconds?: number; headers?: Record<string, string> } = {}): Promise<LoadResult> {
  const headers = Object.entries(options.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  // Asynchronous on purpose: the server under test may live in this very process.
  const child = spawn(process.execPath, [AUTOCANNON, '-j', '-c', String(options.connections ?? 50), '-d', String(options.seconds ?? 5), ...headers, url]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon failed: ${stderr}`));
      const report = JSON.parse(stdout) as { requests: { average: number }; latency: { p99: number }; non2xx: number };
      resolve({ requestsPerSecond: report.requests.average, p99Ms: report.latency.p99, non2xx: report.non2xx });
    });
  });
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
