import type { Command } from 'commander';
import { describeConfig, loadConfig } from '../config/config.js';

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description('print the effective configuration (environment, .env and defaults), passwords masked')
    .option('--json', 'print as JSON')
    .action((flags: { json?: boolean }) => {
      const described = describeConfig(loadConfig());
      if (flags.json) {
        console.log(JSON.stringify(described, null, 2));
        return;
      }
      const width = Math.max(...Object.keys(described).map((name) => name.length));
      for (const [name, value] of Object.entries(described)) {
        console.log(`${name.padEnd(width)}  ${value === '' ? '(not set)' : value}`);
      }
    });
}
