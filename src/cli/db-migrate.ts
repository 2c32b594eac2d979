import type { Command } from 'commander';
import { migrate } from '../db/migrate.js';
import { openPGlite } from '../db/pglite.js';
import { openPostgres } from '../db/postgres.js';
import { addDatabaseOptions, configFromFlags } from './context.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database administration');
  addDatabaseOptions(db.command('migrate').description('apply pending schema migrations')).action(
    async (flags: { databaseUrl?: string; dataDir?: string }) => {
      const config = configFromFlags(flags);
      const database = config.databaseUrl
        ? await openPostgres({ connectionString: config.databaseUrl })
        : await openPGlite({ dataDir: config.dataDir });
      try {
        const applied = await migrate(database);
        console.log(
          applied.length === 0
            ? 'schema is up to date'
            : `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`,
        );
      } finally {
        await database.close();
      }
    },
  );
}
