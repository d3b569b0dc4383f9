import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { loadConfigOrExit } from '@mtl/app-core';
import { CliModule } from './cli.module';

/** Log lines (the cross-organization audit warning among them) go to stderr: stdout is the commands' output. */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _stream?: 'stdout' | 'stderr',
    ...rest: [unknown?, Record<string, unknown>?]
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', ...rest);
  }
}

async function main(): Promise<void> {
  loadConfigOrExit();
  await CommandFactory.run(CliModule, {
    cliName: 'npm run cli --',
    logger: new StderrLogger({ logLevels: ['error', 'warn'] }),
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
