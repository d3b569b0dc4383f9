import { Command, CommandRunner } from 'nest-commander';
import { describeConfig, loadConfig } from '@mtl/config';

@Command({
  name: 'config:show',
  description: 'Print every configuration variable: value in effect, default and meaning',
})
export class ConfigShowCommand extends CommandRunner {
  run(): Promise<void> {
    const config = loadConfig(process.env) as unknown as Record<string, Record<string, unknown>>;
    for (const variable of describeConfig()) {
      const value = variable.secret ? '(hidden)' : JSON.stringify(config[variable.concern][variable.name]);
      const source = process.env[variable.name] === undefined ? 'default' : 'env';
      process.stdout.write(`${variable.name}=${value}  [${source}]  ${variable.description}\n`);
    }
    return Promise.resolve();
  }
}
