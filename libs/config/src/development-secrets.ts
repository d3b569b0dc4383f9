import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Secrets a development or test checkout makes for itself on first use (the JWT secret, the
 * passwords of the database login roles), kept under `.data/secrets/` (git-ignored) so that they
 * survive restarts and every process of the checkout agrees on them. Never used in production,
 * where each must be configured.
 */
export function developmentSecretsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MTL_DATA_DIR ? path.join(env.MTL_DATA_DIR, 'secrets') : path.resolve(process.cwd(), '.data', 'secrets');
}

const cache = new Map<string, string>();

/** The secret `name` of this checkout: read from its file, or made and stored on first use. */
export function developmentSecret(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = path.join(developmentSecretsDir(env), name);
  const cached = cache.get(file);
  if (cached) return cached;
  const value = readSecret(file) ?? createSecret(file);
  cache.set(file, value);
  return value;
}

function readSecret(file: string): string | undefined {
  try {
    const value = readFileSync(file, 'utf8').trim();
    return value.length >= 16 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file, then linked into place: of processes starting together, one wins and all read it. */
function createSecret(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  const value = readSecret(file);
  if (!value) throw new Error(`Could not read the development secret in ${file}`);
  return value;
}
