/**
 * Fails the test file in which @nestjs/typeorm warned that a data source name was registered
 * twice ("A data source with the default name is already registered"): two TypeOrmModule roots
 * under one name override each other, so the warning is a bug, never noise (docs/adr/0014).
 * The registry logs through Nest's Logger, so the warning is caught there.
 */
import { Logger } from '@nestjs/common';

const DUPLICATE = /A data source with the .* name is already registered/;
const seen: string[] = [];
const warn = Logger.prototype.warn;
Logger.prototype.warn = function (this: Logger, message: unknown, ...rest: unknown[]) {
  if (typeof message === 'string' && DUPLICATE.test(message)) seen.push(`${message}\n${new Error().stack}`);
  return warn.call(this, message, ...rest);
} as typeof Logger.prototype.warn;

function failIfSeen(): void {
  const [first] = seen.splice(0);
  if (first) throw new Error(`A data source name was registered twice:\n${first}`);
}

afterEach(failIfSeen);

afterAll(() => {
  Logger.prototype.warn = warn;
  failIfSeen();
});
