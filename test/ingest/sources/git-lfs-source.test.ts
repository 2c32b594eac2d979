import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { datasetFileNames } from '../../../src/ingest/dataset-files.js';
import { resolveSource } from '../../../src/ingest/sources/resolve-source.js';
import { commitFiles, createRepository, git, underFolder } from './git-fixture.js';
import { closedPort, objectDownloads, startLfsTestServer, type LfsTestServer } from './lfs-test-server.js';
import { readRealDataset, type RealDataset } from './real-dataset.js';

/**
 * A repository whose committed files are Git LFS pointers, as the official one is, with its LFS server
 * on 127.0.0.1. git-lfs is not needed: the clone skips LFS smudging and the pointers are resolved here.
 */
let dataset: RealDataset;
let server: LfsTestServer;
let root: string;
let cacheDir: string;

beforeAll(async () => {
  dataset = await readRealDataset();
  server = await startLfsTestServer({});
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'perx-git-lfs-'));
  cacheDir = join(root, 'cache');
  server.requests.length = 0;
  server.content = { objects: dataset.objects };
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const lfsUrl = () => `${server.url}/perx/data-interview.git/info/lfs`;

/** A repository of pointer files under data/, with these .lfsconfig lines (none when empty). */
async function pointerRepository(lfsConfig: string): Promise<string> {
  const repository = join(root, 'data-interview');
  const files = underFolder('data/', dataset.pointers);
  files.set(
    '.gitattributes',
    '*.csv filter=lfs diff=lfs merge=lfs -text\n*.txt filter=lfs diff=lfs merge=lfs -text\n',
  );
  if (lfsConfig !== '') files.set('.lfsconfig', lfsConfig);
  await createRepository(repository, files);
  return repository;
}

async function expectRealFiles(folder: string): Promise<void> {
  for (const name of datasetFileNames) {
    expect((await readFile(join(folder, name))).equals(dataset.content.get(name)!), name).toBe(true);
  }
}

describe('a git repository that stores the data set with Git LFS', () => {
  it('has its pointers resolved through the LFS server named by lfs.url in .lfsconfig, once', async () => {
    const repository = await pointerRepository(`[lfs]\n\turl = ${lfsUrl()}\n`);
    const url = pathToFileURL(repository).href;
    const first = await resolveSource(url, { cacheDir, env: {} });
    await expectRealFiles(first.folder);
    expect(
      server.requests.filter((request) => request.method === 'POST').map((request) => request.path),
    ).toEqual(['/perx/data-interview.git/info/lfs/objects/batch']);
    expect(objectDownloads(server)).toBe(5);

    // The refresh puts the pointers back; they are resolved again from the object cache.
    server.requests.length = 0;
    const second = await resolveSource(url, { cacheDir, env: {} });
    expect(second.folder).toBe(first.folder);
    await expectRealFiles(second.folder);
    expect(server.requests).toEqual([]);
  });

  it('reads remote.origin.lfsurl from .lfsconfig too', async () => {
    const repository = await pointerRepository(`[remote "origin"]\n\tlfsurl = ${lfsUrl()}\n`);
    await expectRealFiles((await resolveSource(repository, { cacheDir, env: {} })).folder);
    expect(objectDownloads(server)).toBe(5);
  });

  it('lets PERX_LFS_URL override the repository’s .lfsconfig', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}/nowhere.git/info/lfs`;
    const repository = await pointerRepository(`[lfs]\n\turl = ${unreachable}\n`);
    await expectRealFiles(
      (await resolveSource(repository, { cacheDir, env: { PERX_LFS_URL: lfsUrl() } })).folder,
    );
  });

  it('copies the objects from the LFS store of a local repository, checked like downloads', async () => {
    const repository = await pointerRepository('');
    for (const [oid, content] of dataset.objects) {
      const folder = join(repository, '.git', 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4));
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, oid), content);
    }
    await expectRealFiles((await resolveSource(repository, { cacheDir, env: {} })).folder);
    expect(server.requests).toEqual([]);

    const oid = dataset.oidOf.get('campaign.csv')!;
    await writeFile(
      join(repository, '.git', 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid),
      'tampered',
    );
    await rm(join(cacheDir, 'lfs'), { recursive: true });
    await expect(resolveSource(repository, { cacheDir, env: {} })).rejects.toThrow(
      `data/campaign.csv: the Git LFS object from ${join(repository, '.git', 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid)} does not match the pointer`,
    );
  });

  it('is refused with the pointer files named when no LFS server or store can provide them', async () => {
    const repository = await pointerRepository('');
    const url = pathToFileURL(repository).href;
    const failure = resolveSource(url, { cacheDir, env: {} });
    await expect(failure).rejects.toThrow(
      `data/campaign.csv (oid sha256:${dataset.oidOf.get('campaign.csv')}, size 86), data/reward_campaign.csv`,
    );
    await expect(failure).rejects.toThrow(
      `are Git LFS pointers, not data, and cannot be fetched: the repository ${url} is on this disk, so it has no LFS server, and its LFS store ${join(repository, '.git', 'lfs', 'objects')} does not hold the objects either`,
    );
  });

  it('reports an LFS server that cannot be reached, naming where the endpoint came from', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}/nowhere.git/info/lfs`;
    const repository = await pointerRepository(`[lfs]\n\turl = ${unreachable}\n`);
    const failure = resolveSource(repository, { cacheDir, env: {} });
    await expect(failure).rejects.toThrow(
      `cannot be fetched: POST ${unreachable}/objects/batch failed: connect ECONNREFUSED 127.0.0.1:`,
    );
    await expect(failure).rejects.toThrow(/\(LFS endpoint from lfs\.url in the repository's \.lfsconfig\)$/);
  });

  it('resolves the pointers of the commit it fetched, after the repository moved on', async () => {
    const repository = await pointerRepository(`[lfs]\n\turl = ${lfsUrl()}\n`);
    await resolveSource(repository, { cacheDir, env: {} });
    const fewer = Buffer.from('Id,name,status\n1,Only,active\n');
    const oid = (await import('node:crypto')).createHash('sha256').update(fewer).digest('hex');
    server.content.objects = new Map([...dataset.objects, [oid, fewer]]);
    await commitFiles(
      repository,
      new Map([
        [
          'data/campaign.csv',
          `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${fewer.length}\n`,
        ],
      ]),
      'fewer campaigns',
    );
    server.requests.length = 0;
    const resolved = await resolveSource(repository, { cacheDir, env: {} });
    expect(await readFile(join(resolved.folder, 'campaign.csv'), 'utf8')).toBe(fewer.toString());
    expect(objectDownloads(server)).toBe(1);
    expect(resolved.revision).toBe(await git(repository, 'rev-parse', 'HEAD'));
  });
});

describe('a git repository served over http', () => {
  it('is cloned over smart HTTP, and its LFS endpoint is <remote>.git/info/lfs, sent the URL’s credentials', async () => {
    const projectRoot = join(root, 'served');
    await pointerRepository('');
    await git(
      root,
      'clone',
      '--quiet',
      '--bare',
      join(root, 'data-interview'),
      join(projectRoot, 'data-interview.git'),
    );
    server.content.gitProjectRoot = projectRoot;

    const spec = `${server.url.replace('http://', 'http://reader:s3cret@')}/git/data-interview.git`;
    const resolved = await resolveSource(spec, { cacheDir, env: {} });
    expect(resolved.description).toBe(spec.replace('reader:s3cret@', 'reader:****@'));
    await expectRealFiles(resolved.folder);

    const batch = server.requests.find(
      (request) => request.method === 'POST' && request.path.endsWith('/batch'),
    );
    expect(batch?.path).toBe('/git/data-interview.git/info/lfs/objects/batch');
    expect(batch?.headers.authorization).toBe(`Basic ${Buffer.from('reader:s3cret').toString('base64')}`);
    expect(
      server.requests.some((request) => request.path === '/git/data-interview.git/git-upload-pack'),
    ).toBe(true);
    const cached = await readdir(cacheDir, { recursive: true, withFileTypes: true });
    for (const entry of cached.filter((file) => file.isFile())) {
      expect(await readFile(join(entry.parentPath, entry.name), 'latin1'), entry.name).not.toContain(
        's3cret',
      );
    }

    server.requests.length = 0;
    await expectRealFiles((await resolveSource(spec, { cacheDir, env: {} })).folder);
    expect(
      server.requests.some((request) => request.path === '/git/data-interview.git/git-upload-pack'),
    ).toBe(true);
    expect(objectDownloads(server)).toBe(0);
  });
});
