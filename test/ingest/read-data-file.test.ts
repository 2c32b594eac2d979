import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { FileReadError, hashFile, openDataFile } from '../../src/ingest/read-data-file.js';
import { realDataset } from './fixture-folders.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'perx-read-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function drain(chunks: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) bytes += chunk.length;
  return bytes;
}

describe('openDataFile', () => {
  it('streams the bytes once, computing size and sha256 on the way and reporting progress', async () => {
    const path = join(realDataset, 'http_log.txt');
    const seen: number[] = [];
    const opened = openDataFile(path, 'http_log.txt', (bytes) => seen.push(bytes));
    expect(await drain(opened.input.chunks)).toBe(929735);
    expect(opened.digest()).toEqual({
      bytes: 929735,
      sha256: '7c75e564e76d0aa0da98d38f46e9def6dc86e9f7fd41fa0bbf7422185227e071',
    });
    expect(seen.at(-1)).toBe(929735);
    expect(seen.length).toBeGreaterThan(1);
    expect(await hashFile(path)).toEqual(opened.digest());
  });

  it('refuses a Git LFS pointer at its first bytes, naming file and line 1, the object and the fix', async () => {
    const path = join(realDataset, 'lfs-pointers', 'campaign.csv');
    const opened = openDataFile(path, 'campaign.csv');
    await expect(drain(opened.input.chunks)).rejects.toThrow(
      new InputError(
        path,
        1,
        'this is a Git LFS pointer for an object of 86 bytes (oid sha256:72b843d89eb516c9fffa35dd7b36f129fbd80f3f7b26d8fc8a41394e3d9036ff), not the data: fetch the real file (git lfs pull), or ingest from the repository URL so the pointers are resolved',
      ),
    );
  });

  it('refuses a damaged pointer too: a file that starts like one is never data', async () => {
    const path = join(folder, 'half-pointer.txt');
    await writeFile(path, 'version https://git-lfs.github.com/spec/v1\noid sha256:xyz\n');
    await expect(drain(openDataFile(path, 'http_log.txt').input.chunks)).rejects.toThrow(
      `${path}:1: this is a Git LFS pointer, not the data`,
    );
  });

  it('reads a file that only mentions LFS later on as data', async () => {
    const path = join(folder, 'mentions.txt');
    const content = 'id,name,status\n1,version https://git-lfs.github.com/spec/v1,active\n';
    await writeFile(path, content);
    const opened = openDataFile(path, 'campaign.csv');
    await drain(opened.input.chunks);
    expect(opened.digest().sha256).toBe(
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    );
  });

  it('turns a read failure into a FileReadError naming the file', async () => {
    const opened = openDataFile(folder, 'campaign.csv');
    const error = await drain(opened.input.chunks).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(FileReadError);
    expect((error as FileReadError).message).toBe(
      `cannot read ${folder} past byte 0: EISDIR: illegal operation on a directory, read`,
    );
  });

  it('will not give a digest of a file that was not read to its end', async () => {
    const opened = openDataFile(join(realDataset, 'http_log.txt'), 'http_log.txt');
    for await (const chunk of opened.input.chunks) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(() => opened.digest()).toThrow('the parser of http_log.txt stopped before the end of the file');
  });
});
