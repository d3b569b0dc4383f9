import { AppConfig, ConfigValidationError, loadConfig } from '@mtl/config';

/** Entry points call this first: invalid configuration stops the process with one clear line. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
