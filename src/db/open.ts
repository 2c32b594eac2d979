import type { Config } from '../config/config.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { openPGlite } from './pglite.js';
import { openPostgres } from './postgres.js';

/**
 * Opens the configured engine, a PostgreSQL server when DATABASE_URL is set and otherwise the embedded
 * PGlite folder, and brings its schema up to date.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databasePoolSize'>>,
): Promise<Database> {
  const database = config.databaseUrl
    ? await openPostgres({ connectionString: config.databaseUrl, maxConnections: config.databasePoolSize })
    : await openPGlite({ dataDir: config.dataDir });
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
