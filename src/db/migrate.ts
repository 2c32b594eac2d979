import { readdir, readFile } from 'node:fs/promises';
import { distributeSchema } from './citus.js';
import type { Database } from './database.js';

const migrationsFolder = new URL('./migrations/', import.meta.url);
const migrationFileName = /^(\d{3})-[a-z0-9-]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(): Promise<Migration[]> {
  const names = (await readdir(migrationsFolder)).filter((name) => migrationFileName.test(name)).sort();
  return Promise.all(
    names.map(async (name) => ({
      version: Number(migrationFileName.exec(name)?.[1]),
      name,
      sql: await readFile(new URL(name, migrationsFolder), 'utf8'),
    })),
  );
}

/**
 * Applies every migration not yet recorded, in one transaction, then distributes the schema on a Citus
 * coordinator. On PostgreSQL an advisory lock keeps two processes that start together from applying the
 * same migration twice.
 */
export async function migrate(database: Database): Promise<Migration[]> {
  const migrations = await loadMigrations();
  return database.transaction(async (tx) => {
    if (tx.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7450261)');
    await tx.execute(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migration')).map((row) => row.version),
    );
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await tx.execute(migration.sql);
      await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    // On a Citus coordinator with workers, the tables are then distributed (a no-op once they are).
    if (tx.citus !== undefined) await distributeSchema(tx);
    return pending;
  });
}
