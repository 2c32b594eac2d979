import type { Command } from 'commander';
import { describeConfig, loadConfig, type Config } from '../config/config.js';
import { maskCredentials } from '../config/credentials.js';
import { describeEngine } from '../db/database.js';
import { openPostgres } from '../db/postgres.js';
import { errorMessage } from '../errors.js';

/**
 * The engine the configuration points at, in words: "PGlite" without DATABASE_URL (not opened: the folder
 * may be in use); else the server asked, "PostgreSQL" or "Citus with N workers", or why it cannot be.
 */
async function engineOf(config: Config): Promise<string> {
  if (!config.databaseUrl) return 'PGlite';
  try {
    const database = await openPostgres({ connectionString: config.databaseUrl, maxConnections: 1 });
    await database.close();
    return describeEngine(database);
  } catch (error) {
    return `unknown: the server did not answer (${maskCredentials(errorMessage(error))})`;
  }
}

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description(
      'print the effective configuration (environment, .env and defaults), passwords masked, and the engine',
    )
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }) => {
      const config = loadConfig();
      const described = { ...describeConfig(config), ENGINE: await engineOf(config) };
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
