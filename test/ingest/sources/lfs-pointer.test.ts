import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFileNames } from '../../../src/ingest/dataset-files.js';
import {
  findPointerFiles,
  parseLfsPointer,
  readLfsPointer,
} from '../../../src/ingest/sources/lfs-pointer.js';
import { readRealDataset, realPointerFolder } from './real-dataset.js';

const oid = '72b843d89eb516c9fffa35dd7b36f129fbd80f3f7b26d8fc8a41394e3d9036ff';
const canonical = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 86\n`;

describe('parseLfsPointer', () => {
  it('reads the real pointers of the official repository as the oid and size of the real files', async () => {
    const dataset = await readRealDataset();
    for (const name of datasetFileNames) {
      const pointer = parseLfsPointer(await readFile(join(realPointerFolder, name), 'utf8'));
      expect(pointer).toEqual({ oid: dataset.oidOf.get(name), size: dataset.content.get(name)!.length });
    }
  });

  it.each([
    ['the canonical form', canonical],
    ['CRLF line ends', canonical.replaceAll('\n', '\r\n')],
    ['no final newline', canonical.trimEnd()],
    [
      'blanks around lines and runs of blanks between key and value',
      `  version  https://git-lfs.github.com/spec/v1 \t\noid\tsha256:${oid}   \n   size    86\n\n\n`,
    ],
    [
      'blank lines between keys',
      `\nversion https://git-lfs.github.com/spec/v1\n\noid sha256:${oid}\n\nsize 86\n`,
    ],
    [
      'an extension key in sorted order',
      `version https://git-lfs.github.com/spec/v1\next-0-foo sha256:${'0'.repeat(64)}\noid sha256:${oid}\nsize 86\n`,
    ],
    ['the pre-release spec URL', `version https://hawser.github.com/spec/v1\noid sha256:${oid}\nsize 86\n`],
  ])('accepts %s', (_case, text) => {
    expect(parseLfsPointer(text)).toEqual({ oid, size: 86 });
  });

  it('reads size 0 and a size above 2^32', () => {
    expect(parseLfsPointer(canonical.replace('size 86', 'size 0'))).toEqual({ oid, size: 0 });
    expect(parseLfsPointer(canonical.replace('size 86', 'size 5000000000'))).toEqual({
      oid,
      size: 5_000_000_000,
    });
  });

  it.each([
    [
      'a data file that starts with the version line',
      `version https://git-lfs.github.com/spec/v1\nid,name,status\n1,Spring,active\n`,
    ],
    [
      'a CSV whose header names the same keys',
      `version,oid,size\nhttps://git-lfs.github.com/spec/v1,sha256:${oid},86\n`,
    ],
    ['a pointer followed by data', `${canonical}1,Spring,active\n`],
    ['an unknown spec version', canonical.replace('spec/v1', 'spec/v2')],
    [
      'the version line not first',
      `oid sha256:${oid}\nversion https://git-lfs.github.com/spec/v1\nsize 86\n`,
    ],
    ['keys out of order', `version https://git-lfs.github.com/spec/v1\nsize 86\noid sha256:${oid}\n`],
    ['a repeated key', `${canonical}size 86\n`],
    ['no size', `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\n`],
    ['no oid', 'version https://git-lfs.github.com/spec/v1\nsize 86\n'],
    ['an oid of 63 digits', canonical.replace(oid, oid.slice(1))],
    ['an upper-case oid', canonical.replace(oid, oid.toUpperCase())],
    ['a sha1 oid', canonical.replace(`sha256:${oid}`, `sha1:${oid.slice(0, 40)}`)],
    ['a negative size', canonical.replace('size 86', 'size -86')],
    ['a fractional size', canonical.replace('size 86', 'size 86.0')],
    ['a key with no value', canonical.replace('size 86', 'size')],
    ['an unknown key', canonical.replace('size 86', 'size 86\nzzz 1')],
    ['an empty file', ''],
  ])('rejects %s', (_case, text) => {
    expect(parseLfsPointer(text)).toBeUndefined();
  });
});

describe('readLfsPointer', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'perx-pointer-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function fileOf(name: string, content: string | Buffer): Promise<string> {
    const path = join(folder, name);
    await writeFile(path, content);
    return path;
  }

  it('takes a file of 1023 bytes as a pointer and one of 1024 bytes as data, whatever the text', async () => {
    const padded = (length: number) => canonical + '\n'.repeat(length - canonical.length);
    expect(await readLfsPointer(await fileOf('1023', padded(1023)))).toEqual({ oid, size: 86 });
    expect(await readLfsPointer(await fileOf('1024', padded(1024)))).toBeUndefined();
  });

  it('takes a large file that starts like a pointer as data', async () => {
    const large = canonical + 'x,y\n'.repeat(50_000);
    expect(await readLfsPointer(await fileOf('large', large))).toBeUndefined();
  });

  it('takes a small file that is not UTF-8 as data', async () => {
    const bytes = Buffer.concat([
      Buffer.from(canonical.replace('size 86', 'size 8')),
      Buffer.from([0xff, 0x36]),
    ]);
    expect(await readLfsPointer(await fileOf('binary', bytes))).toBeUndefined();
  });

  it('finds the pointer files among the data set files and leaves missing files to the loader', async () => {
    const dataset = await readRealDataset();
    const mixed = join(folder, 'mixed');
    await mkdir(mixed);
    await writeFile(join(mixed, 'campaign.csv'), dataset.content.get('campaign.csv')!);
    await writeFile(join(mixed, 'http_log.txt'), dataset.pointers.get('http_log.txt')!);
    const found = await findPointerFiles(mixed, (name) => `data/${name}`);
    expect(found).toEqual([
      {
        path: join(mixed, 'http_log.txt'),
        label: 'data/http_log.txt',
        pointer: { oid: dataset.oidOf.get('http_log.txt'), size: 929_735 },
      },
    ]);
  });
});
