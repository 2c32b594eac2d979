// Builds dist/pglite-template: an empty embedded database with this build's migrations applied, which
// perx copies into a new data folder (src/db/embedded/database-folder.ts) instead of running PGlite's
// initdb, which takes about ten seconds. Skipped when the template matches this PGlite and these
// migrations' names and contents (dist/pglite-template.json).
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const target = 'dist/pglite-template';
const stampFile = 'dist/pglite-template.json';
const pglite = JSON.parse(readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')).version;
// By content, not only by name: a migration edited during development must not leave a stale template.
const migrations = readdirSync('dist/db/migrations')
  .sort()
  .map((name) => ({
    name,
    sha256: createHash('sha256')
      .update(readFileSync(join('dist/db/migrations', name)))
      .digest('hex'),
  }));
const stamp = JSON.stringify({ pglite, migrations });
if (
  existsSync(join(target, 'PG_VERSION')) &&
  existsSync(stampFile) &&
  readFileSync(stampFile, 'utf8') === stamp
) {
  process.exit(0);
}

rmSync(target, { recursive: true, force: true });
const { openDatabase } = await import('../dist/db/open.js');
const { ownerFiles } = await import('../dist/db/embedded/database-folder.js');
const work = mkdtempSync(join(tmpdir(), 'perx-template-'));
try {
  const database = await openDatabase({ dataDir: join(work, 'db') });
  await database.close();
  cpSync(join(work, 'db'), target, {
    recursive: true,
    filter: (source) => !ownerFiles.has(basename(source)),
  });
  writeFileSync(stampFile, stamp);
  console.log(`built ${target} (PGlite ${pglite})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
