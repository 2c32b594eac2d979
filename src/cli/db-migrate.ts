import type { Command } from 'commander';
import { loadMigrations } from '../db/migrate.js';
import { addDatabaseOptions, configFromFlags, withDatabase } from './context.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database administration');
  addDatabaseOptions(db.command('migrate').description('apply pending schema migrations')).action(
    async (flags: { databaseUrl?: string; dataDir?: string }) => {
      const config = configFromFlags(flags);
      // Opening the database applies what is pending (every command does); this says what it found.
      await withDatabase(config, async (database) => {
        const [applied] = await database.query<{ versions: number }>(
          'SELECT count(*)::int AS versions FROM schema_migration',
        );
        const known = (await loadMigrations()).length;
        console.log(`schema is up to date: ${applied?.versions ?? 0} of ${known} migrations applied`);
      });
    },
  );
}
