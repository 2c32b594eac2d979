import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError, PerxError } from '../../../src/errors.js';
import { datasetFileNames } from '../../../src/ingest/dataset-files.js';
import { lfsObjectPath } from '../../../src/ingest/sources/lfs-objects.js';
import { resolveSource } from '../../../src/ingest/sources/resolve-source.js';
import { lfsMediaType, objectDownloads, startLfsTestServer, type LfsTestServer } from './lfs-test-server.js';
import { readRealDataset, type RealDataset } from './real-dataset.js';

let dataset: RealDataset;
let server: LfsTestServer;
let cacheDir: string;

beforeAll(async () => {
  dataset = await readRealDataset();
  server = await startLfsTestServer({});
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'perx-https-'));
  server.requests.length = 0;
  server.content = { files: dataset.pointers, objects: dataset.objects };
});
afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

const baseUrl = () => `${server.url}/files/`;
const lfsUrl = () => `${server.url}/perx/data-interview.git/info/lfs`;

async function expectRealFiles(folder: string): Promise<void> {
  expect((await readdir(folder)).sort()).toEqual([...datasetFileNames].sort());
  for (const name of datasetFileNames) {
    expect((await readFile(join(folder, name))).equals(dataset.content.get(name)!), name).toBe(true);
  }
}

/** Every file under the cache, so a test can see that nothing partial was left behind. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('an https base URL', () => {
  it('downloads the five files by name', async () => {
    server.content = { files: dataset.content };
    const resolved = await resolveSource(baseUrl(), { cacheDir });
    expect(resolved).toMatchObject({ description: baseUrl(), kind: 'https' });
    expect(resolved.folder.startsWith(join(cacheDir, 'https'))).toBe(true);
    await expectRealFiles(resolved.folder);
    expect(server.requests.map((request) => request.path)).toEqual(
      datasetFileNames.map((name) => `/files/${name}`),
    );
  });

  it('resolves pointer files through the LFS batch API, and uses its cached objects the second time', async () => {
    const first = await resolveSource(baseUrl(), { cacheDir, lfsUrl: lfsUrl() });
    await expectRealFiles(first.folder);

    const batches = server.requests.filter((request) => request.method === 'POST');
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch!.path).toBe('/perx/data-interview.git/info/lfs/objects/batch');
    expect(batch!.headers.accept).toBe(lfsMediaType);
    expect(batch!.headers['content-type']).toBe(lfsMediaType);
    expect(JSON.parse(batch!.body)).toEqual({
      operation: 'download',
      transfers: ['basic'],
      objects: datasetFileNames.map((name) => ({
        oid: dataset.oidOf.get(name),
        size: dataset.content.get(name)!.length,
      })),
    });
    // The test server answers 401 to a download without the action's header, so five downloads means
    // the header was sent every time.
    expect(objectDownloads(server)).toBe(5);
    for (const name of datasetFileNames) {
      const cached = await readFile(lfsObjectPath(cacheDir, dataset.oidOf.get(name)!));
      expect(cached.equals(dataset.content.get(name)!)).toBe(true);
    }

    server.requests.length = 0;
    const second = await resolveSource(baseUrl(), { cacheDir, lfsUrl: lfsUrl() });
    expect(second.folder).toBe(first.folder);
    await expectRealFiles(second.folder);
    expect(objectDownloads(server)).toBe(0);
    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('takes the LFS endpoint from PERX_LFS_URL', async () => {
    const resolved = await resolveSource(baseUrl(), { cacheDir, env: { PERX_LFS_URL: lfsUrl() } });
    await expectRealFiles(resolved.folder);
  });

  it('rejects an object whose bytes do not match the pointer and keeps none of it', async () => {
    const oid = dataset.oidOf.get('reward_transaction.csv')!;
    const wrong = Buffer.from(dataset.content.get('reward_transaction.csv')!);
    wrong[0] = wrong[0]! ^ 1;
    server.content.objects = new Map([...dataset.objects, [oid, wrong]]);
    const wrongOid = (await import('node:crypto')).createHash('sha256').update(wrong).digest('hex');

    const failure = resolveSource(baseUrl(), { cacheDir, lfsUrl: lfsUrl() });
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(
      `${baseUrl()}reward_transaction.csv: the Git LFS object from ${server.url}/objects/${oid} does not match the pointer: expected oid sha256:${oid} and size 451, got oid sha256:${wrongOid} and size 451`,
    );
    await expect(stat(lfsObjectPath(cacheDir, oid))).rejects.toThrow(/ENOENT/);
    const left = await filesUnder(cacheDir);
    expect(left.filter((path) => path.includes('.partial'))).toEqual([]);
    expect(left.every((path) => path.startsWith(join(cacheDir, 'lfs', 'objects')))).toBe(true);
  });

  it('stops reading an object as soon as it is longer than the pointer says', async () => {
    const oid = dataset.oidOf.get('campaign.csv')!;
    const longer = Buffer.concat([dataset.content.get('campaign.csv')!, Buffer.from('9,Extra,active\n')]);
    server.content.objects = new Map([...dataset.objects, [oid, longer]]);
    await expect(resolveSource(baseUrl(), { cacheDir, lfsUrl: lfsUrl() })).rejects.toThrow(
      `${baseUrl()}campaign.csv: the Git LFS object from ${server.url}/objects/${oid} does not match the pointer: expected oid sha256:${oid} and size 86, got more than 86 bytes`,
    );
    expect((await filesUnder(cacheDir)).filter((path) => !path.startsWith(join(cacheDir, 'lfs')))).toEqual(
      [],
    );
  });

  it('reports the errors the batch API gives for single objects', async () => {
    const oid = dataset.oidOf.get('http_log.txt')!;
    server.content.objectErrors = new Map([[oid, { code: 404, message: 'Object does not exist' }]]);
    await expect(resolveSource(baseUrl(), { cacheDir, lfsUrl: lfsUrl() })).rejects.toThrow(
      `the Git LFS server at ${lfsUrl()} (from the lfsUrl option (PERX_LFS_URL)) did not provide ${baseUrl()}http_log.txt (oid sha256:${oid}, size 929735): error 404: Object does not exist`,
    );
    expect(await filesUnder(join(cacheDir, 'https'))).toEqual([]);
  });

  it('refuses pointers it has no LFS endpoint for, naming them', async () => {
    const failure = resolveSource(baseUrl(), { cacheDir, env: {} });
    await expect(failure).rejects.toThrow(PerxError);
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^${baseUrl()}campaign\\.csv \\(oid sha256:${dataset.oidOf.get('campaign.csv')}, size 86\\), .* are Git LFS pointers, not data, and cannot be fetched: the base URL ${baseUrl()} is not a git repository, so its LFS endpoint is unknown`,
      ),
    );
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it('names the URL and status of a file the server does not have, and keeps the earlier download', async () => {
    server.content = { files: dataset.content };
    const first = await resolveSource(baseUrl(), { cacheDir });
    server.content = { files: new Map([...dataset.content].filter(([name]) => name !== 'http_log.txt')) };
    await expect(resolveSource(baseUrl(), { cacheDir })).rejects.toThrow(
      `GET ${baseUrl()}http_log.txt answered 404 Not Found: no such file (if ${baseUrl()} is a git repository, give its URL ending in .git)`,
    );
    await expectRealFiles(first.folder);
    expect((await filesUnder(cacheDir)).filter((path) => path.includes('.partial'))).toEqual([]);
  });

  it('sends the credentials of the URL as Basic authorization and masks them in the description', async () => {
    server.content = { files: dataset.content };
    const withCredentials = baseUrl().replace('http://', 'http://reader:s3cret@');
    const resolved = await resolveSource(withCredentials, { cacheDir });
    expect(resolved.description).toBe(baseUrl().replace('http://', 'http://reader:****@'));
    expect(server.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('reader:s3cret').toString('base64')}`,
    );
  });

  it('refuses an LFS endpoint that is not an http(s) URL as bad usage', async () => {
    await expect(resolveSource(baseUrl(), { cacheDir, lfsUrl: 'ftp://example.com/lfs' })).rejects.toThrow(
      'invalid source options: PERX_LFS_URL (lfsUrl): must be an http(s) URL',
    );
  });

  it('gives up on a server that does not answer', async () => {
    const silent = createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/data/`;
    try {
      await expect(resolveSource(url, { cacheDir, timeoutMs: 200 })).rejects.toThrow(
        `GET ${url}campaign.csv timed out: nothing received for 200 ms`,
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
