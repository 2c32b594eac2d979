import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { lockFolder, readLock } from '../../src/db/embedded/folder-lock.js';
import { openDatabase } from '../../src/db/open.js';
import { projectRoot, runPerx, testEnvironment } from '../support/perx-cli.js';

/**
 * One process owns an embedded folder; a lock left by a process that died is always recognized as such,
 * even when its pid now belongs to a live process (pid 1 in a fresh container), and taken over.
 */
const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'perx-lock-'));
  folders.push(folder);
  return folder;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

it('records the owner (pid, start time, boot, token, socket), and releases the lock when closed', async () => {
  const folder = await tempFolder();
  const database = await openDatabase({ dataDir: folder });
  const record = readLock(folder);
  expect(record).toMatchObject({ pid: process.pid, bootId, socket: join(folder, '.s.PGSQL.5432') });
  expect(record?.startTime).toMatch(/^\d+$/);
  expect(record?.token).toMatch(/^[0-9a-f]{24}$/);
  await database.close();
  expect(readLock(folder)).toBeUndefined();
});

it('takes over a lock whose pid runs but is another process: pid 1 in a fresh container', async () => {
  const folder = await tempFolder();
  // pid 1 is alive (init, or node in a container), but not the process that wrote this lock.
  writeFileSync(join(folder, 'perx.lock'), JSON.stringify({ pid: 1, startTime: '1', bootId, token: 'old' }));
  const lock = lockFolder(folder, undefined);
  expect(readLock(folder)?.pid).toBe(process.pid);
  expect(() => lockFolder(folder, undefined)).toThrow(/already open in this process/);
  lock.release();
});

it('takes over a lock of a process from an earlier boot, and one of a pid that no longer runs', async () => {
  const folder = await tempFolder();
  const startTime = readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19];
  writeFileSync(
    join(folder, 'perx.lock'),
    JSON.stringify({ pid: process.pid, startTime, bootId: 'an-earlier-boot', token: 'old' }),
  );
  lockFolder(folder, undefined).release();
  writeFileSync(join(folder, 'perx.lock'), '999999999');
  lockFolder(folder, undefined).release();
});

it('refuses a live owner of an earlier version, which serves no socket, naming it', async () => {
  const folder = await tempFolder();
  writeFileSync(join(folder, 'perx.lock'), String(process.ppid));
  await expect(openDatabase({ dataDir: folder })).rejects.toThrow(
    `database folder ${folder} is in use by process ${process.ppid}, an earlier version of perx: stop it, or set PERX_DATA_DIR to another folder`,
  );
});

it('is private to its user: the folder 0700, every file in it 0600', async () => {
  const folder = join(await tempFolder(), 'db');
  const database = await openDatabase({ dataDir: folder });
  try {
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    expect(entries.length).toBeGreaterThan(100);
    const open = entries
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((path) => (statSync(path).mode & 0o077) !== 0);
    expect(open).toEqual([]);
  } finally {
    await database.close();
  }
});

it('recovers after its owner is killed (kill -9): the next command takes the folder, the data intact', async () => {
  const folder = join(await tempFolder(), 'db');
  expect((await runPerx(['ingest'], { env: { PERX_DATA_DIR: folder, DATABASE_URL: '' } })).code).toBe(0);
  const owner = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
    cwd: projectRoot,
    env: testEnvironment({ PERX_DATA_DIR: folder, DATABASE_URL: '' }),
  });
  await new Promise<void>((resolve, reject) => {
    owner.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('perx dashboard at')) resolve();
    });
    owner.on('exit', (code) => reject(new Error(`perx serve exited with ${code}`)));
  });
  expect(readLock(folder)?.pid).toBe(owner.pid);
  owner.kill('SIGKILL');
  await new Promise((resolve) => owner.on('exit', resolve));
  // The dead owner's lock and socket are still there; the next open takes them over.
  expect(readLock(folder)?.pid).toBe(owner.pid);
  const database = await openDatabase({ dataDir: folder });
  try {
    expect(readLock(folder)?.pid).toBe(process.pid);
    expect(await database.query('SELECT count(*)::int AS requests FROM http_log')).toEqual([
      { requests: 16_000 },
    ]);
  } finally {
    await database.close();
  }
}, 180_000);
