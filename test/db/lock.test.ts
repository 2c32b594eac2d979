import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openPGlite } from '../../src/db/pglite.js';
import { lockFolder } from '../../src/db/lock.js';
import { runPerx } from '../support/perx-cli.js';

const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'perx-lock-'));
  folders.push(folder);
  return folder;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

it('refuses a second process that opens the same embedded folder, naming the folder and the owner', async () => {
  const folder = await tempFolder();
  const database = await openPGlite({ dataDir: folder });
  try {
    const { code, stderr } = await runPerx(['db', 'migrate', '--data-dir', folder]);
    expect(code).toBe(1);
    expect(stderr).toContain(`database folder ${folder} is in use by process ${process.pid}`);
  } finally {
    await database.close();
  }
  // Once closed, the folder opens again and the data is intact.
  const reopened = await openPGlite({ dataDir: folder });
  expect(await reopened.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  await reopened.close();
});

it('takes over a lock left by a process that no longer runs', async () => {
  const folder = await tempFolder();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(folder, 'perx.lock'), '999999999');
  const lock = lockFolder(folder);
  expect(() => lockFolder(folder)).toThrow(/already open in this process/);
  lock.release();
});
