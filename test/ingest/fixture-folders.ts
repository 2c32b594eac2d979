import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const realDataset = new URL('../../data/perx/', import.meta.url).pathname;
export const badLinesFixture = new URL('../fixtures/ingest-bad-lines/', import.meta.url).pathname;

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A temporary copy of a data set folder, to damage in one way per test; removed after the file's tests. */
export async function copyOf(folder: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'perx-ingest-'));
  folders.push(copy);
  await cp(folder, copy, { recursive: true });
  return copy;
}
