import { CommandFactory } from 'nest-commander';
import { loadConfigOrExit } from '@mtl/app-core';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  loadConfigOrExit();
  await CommandFactory.run(CliModule, {
    cliName: 'npm run cli --',
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      // commander reports usage errors itself and exits; anything else is a one-line reason.
      const usage = error as Error & { code?: string; exitCode?: number };
      if (usage.code?.startsWith('commander.')) process.exit(usage.exitCode ?? 1);
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(1);
    },
    // An error thrown by a command: one line and a non-zero exit, never a stack or exit 0.
    serviceErrorHandler: (error) => {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(1);
    },
  });
}

void main();
