import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigOverrides } from '../config/config.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';

/** Flags every database command shares; each maps onto a setting of the same meaning as its env var. */
export function addDatabaseOptions(command: Command): Command {
  return command
    .option(
      '--database-url <url>',
      'PostgreSQL server to use (env DATABASE_URL); without it, embedded PGlite',
    )
    .option('--data-dir <folder>', 'folder of the embedded database (env PERX_DATA_DIR, default ./.perx)');
}

export function configFromFlags(flags: ConfigOverrides): Config {
  return loadConfig(flags);
}

/** Opens the configured database for the length of one command, and always closes it. */
export async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>): Promise<T> {
  // A report's rows go to stdout; the steps of opening (creating an embedded database) to stderr, when
  // someone watches it: a script's stderr stays quiet.
  const database = await openDatabase({
    ...config,
    ...(process.stderr.isTTY ? { onPhase: (line: string) => console.error(line) } : {}),
  });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
