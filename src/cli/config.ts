import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { describeConfig, loadConfig, type Config } from '../config/config.js';
import { maskCredentials } from '../config/credentials.js';
import { describeEngine } from '../db/database.js';
import { openPostgres } from '../db/postgres.js';
import { describeTzDatabase, tzDatabaseLine } from '../db/tz-database.js';
import { errorMessage } from '../errors.js';
import { withDatabase } from './context.js';

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

/** The engine's time zone rules for PERX_TZ, or why they were not looked at. */
async function tzDatabaseOf(config: Config) {
  // `perx config` must not create an embedded database only to describe it.
  if (config.databaseUrl === undefined && !existsSync(config.dataDir)) {
    return `not checked: no embedded database in ${config.dataDir} yet`;
  }
  try {
    return await withDatabase(config, (database) => describeTzDatabase(database, config.timeZone));
  } catch (error) {
    return `not checked: ${maskCredentials(errorMessage(error))}`;
  }
}

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description(
      'print the effective configuration (environment, .env and defaults), passwords masked, the engine and its time zone rules',
    )
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }) => {
      const config = loadConfig();
      const described = { ...describeConfig(config), ENGINE: await engineOf(config) };
      const tz = await tzDatabaseOf(config);
      if (flags.json) {
        console.log(JSON.stringify({ ...described, tz_database: tz }, null, 2));
        return;
      }
      const lines = { ...described, 'tz database': typeof tz === 'string' ? tz : tzDatabaseLine(tz) };
      const width = Math.max(...Object.keys(lines).map((name) => name.length));
      for (const [name, value] of Object.entries(lines)) {
        console.log(`${name.padEnd(width)}  ${value === '' ? '(not set)' : String(value)}`);
      }
    });
}
