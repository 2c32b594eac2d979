import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * An empty PGlite database, made once by `npm run build` (scripts/build-pglite-template.js) with the
 * migrations of that build applied: copying it takes a fraction of a second, where PGlite's own initdb
 * takes ten. The same path from src/ (tests, development) and from dist/ (the built CLI).
 */
export const templateFolder = fileURLToPath(new URL('../../../dist/pglite-template/', import.meta.url));

/** Files of the owner that never belong in a template or a copy of one. */
export const ownerFiles = new Set(['perx.lock', 'perx.lock.takeover', '.s.PGSQL.5432']);

/** Whether a folder already holds a database (PostgreSQL writes PG_VERSION first thing). */
export function holdsDatabase(folder: string): boolean {
  return existsSync(join(folder, 'PG_VERSION'));
}

/**
 * Makes the folder ready for the embedded database: created private (0700) when missing, and when it holds
 * no database yet, filled with a copy of the template when the build made one. Returns what happened,
 * for the command's progress line; 'initdb' means PGlite will create the database itself.
 */
export function prepareFolder(folder: string): 'existing' | 'template' | 'initdb' {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (holdsDatabase(folder)) return 'existing';
  if (!holdsDatabase(templateFolder)) return 'initdb';
  cpSync(templateFolder, folder, {
    recursive: true,
    filter: (source) => !ownerFiles.has(source.slice(source.lastIndexOf('/') + 1)),
  });
  return 'template';
}

/**
 * PGlite creates its files readable and writable by everyone (0666): the folder becomes 0700 and what is
 * in it 0700/0600, so no other user of the machine can read or change the database. Files created later
 * sit in the private folder.
 */
export function makePrivate(folder: string): void {
  chmodSync(folder, 0o700);
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      const info = lstatSync(path);
      if (info.isSymbolicLink()) continue;
      if (info.isDirectory()) {
        if ((info.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
        walk(path);
      } else if ((info.mode & 0o077) !== 0) {
        chmodSync(path, 0o600);
      }
    }
  };
  walk(folder);
}
