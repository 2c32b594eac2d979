import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { datasetFileNames } from '../../../src/ingest/dataset-files.js';
import { resolveSource } from '../../../src/ingest/sources/resolve-source.js';
import { commitFiles, createRepository, git, underFolder } from './git-fixture.js';
import { readRealDataset, type RealDataset } from './real-dataset.js';

let dataset: RealDataset;
let root: string;
let cacheDir: string;

beforeAll(async () => {
  dataset = await readRealDataset();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'perx-git-'));
  cacheDir = join(root, 'cache');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function expectFiles(folder: string, expected: ReadonlyMap<string, Buffer | string>): Promise<void> {
  for (const name of datasetFileNames) {
    expect((await readFile(join(folder, name))).equals(Buffer.from(expected.get(name)!)), name).toBe(true);
  }
}

describe('a git repository', () => {
  it('is cloned from its path, and the data set is found under data/', async () => {
    const repository = join(root, 'perx-data');
    const earlier = new Map<string, Buffer | string>(dataset.content);
    earlier.set('campaign.csv', 'Id,name,status\n');
    await createRepository(repository, underFolder('data/', earlier));
    const commit = await commitFiles(repository, underFolder('data/', dataset.content), 'the real data set');
    const resolved = await resolveSource(repository, { cacheDir });
    expect(resolved).toMatchObject({ description: repository, kind: 'git', revision: commit });
    expect(resolved.folder.startsWith(join(cacheDir, 'git'))).toBe(true);
    expect(resolved.folder).toMatch(/\/git\/perx-data-[0-9a-f]{16}\/data$/);
    await expectFiles(resolved.folder, dataset.content);
    // A shallow clone: the latest commit only.
    expect(await git(resolved.folder, 'rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('is cloned from its file:// URL into the same cache, fetched rather than cloned again on a later run', async () => {
    const repository = join(root, 'perx-data');
    await createRepository(repository, underFolder('data/', dataset.content));
    const first = await resolveSource(repository, { cacheDir });
    const clone = join(first.folder, '..');
    await writeFile(join(clone, '.git', 'kept-by-refresh'), 'a fresh clone would not have this file');

    const changed = new Map<string, Buffer | string>(dataset.content);
    changed.set('campaign.csv', 'Id,name,status\n1,Changed,active\n');
    const second = await commitFiles(repository, underFolder('data/', changed), 'change a campaign');
    const url = pathToFileURL(repository).href;
    const resolved = await resolveSource(url, { cacheDir });

    expect(resolved).toMatchObject({ description: url, folder: first.folder, revision: second });
    await expectFiles(resolved.folder, changed);
    expect(await readFile(join(clone, '.git', 'kept-by-refresh'), 'utf8')).toBe(
      'a fresh clone would not have this file',
    );
    expect(await git(resolved.folder, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(await readdir(join(cacheDir, 'git'))).toHaveLength(1);
  });

  it('is cloned afresh when the cached clone is damaged', async () => {
    const repository = join(root, 'perx-data');
    await createRepository(repository, underFolder('data/', dataset.content));
    const first = await resolveSource(repository, { cacheDir });
    await rm(join(first.folder, '..', '.git', 'objects'), { recursive: true });
    const again = await resolveSource(repository, { cacheDir });
    expect(again.folder).toBe(first.folder);
    await expectFiles(again.folder, dataset.content);
  });

  it('may hold the data set at its root, and may be bare', async () => {
    const repository = join(root, 'at-root');
    await createRepository(repository, dataset.content);
    const bare = join(root, 'bare.git');
    await git(root, 'clone', '--quiet', '--bare', repository, bare);
    for (const source of [repository, bare]) {
      const resolved = await resolveSource(source, { cacheDir });
      expect(resolved.folder).toMatch(/\/git\/(at-root|bare)-[0-9a-f]{16}$/);
      await expectFiles(resolved.folder, dataset.content);
    }
  });

  it('prefers data/ when both data/ and the root hold a data set', async () => {
    const atRoot = new Map<string, Buffer | string>(dataset.content);
    atRoot.set('campaign.csv', 'Id,name,status\n7,Root copy,active\n');
    const repository = join(root, 'both');
    await createRepository(repository, new Map([...atRoot, ...underFolder('data/', dataset.content)]));
    await expectFiles((await resolveSource(repository, { cacheDir })).folder, dataset.content);
  });

  it('is refused when neither data/ nor the root holds all five files', async () => {
    const repository = join(root, 'incomplete');
    const partial = new Map([...dataset.content].filter(([name]) => name !== 'http_log.txt'));
    await createRepository(repository, underFolder('data/', partial));
    await expect(resolveSource(repository, { cacheDir })).rejects.toThrow(
      `the repository ${repository} holds no complete data set (${datasetFileNames.join(', ')}): under data/ it lacks http_log.txt; at the root it lacks ${datasetFileNames.join(', ')}`,
    );
  });

  it('does not follow a symbolic link in the repository', async () => {
    const repository = join(root, 'linked');
    await mkdir(join(repository, 'data'), { recursive: true });
    await symlink('/etc/hostname', join(repository, 'data', 'campaign.csv'));
    const rest = new Map([...dataset.content].filter(([name]) => name !== 'campaign.csv'));
    await createRepository(repository, underFolder('data/', rest));
    await expect(resolveSource(repository, { cacheDir })).rejects.toThrow(
      'under data/ it lacks campaign.csv (a symbolic link, which is not followed)',
    );
  });

  it('names the repository and git’s reason when the clone fails, and leaves no partial clone', async () => {
    const missing = pathToFileURL(join(root, 'no-such-repo')).href;
    await expect(resolveSource(missing, { cacheDir })).rejects.toThrow(
      new RegExp(`^git could not clone ${missing}: .*does not appear to be a git repository`),
    );
    expect(await readdir(join(cacheDir, 'git'))).toEqual([]);
  });

  it('sees what is committed, not uncommitted changes in a local repository', async () => {
    const repository = join(root, 'perx-data');
    await createRepository(repository, underFolder('data/', dataset.content));
    await writeFile(join(repository, 'data', 'campaign.csv'), 'Id,name,status\n');
    await expectFiles((await resolveSource(repository, { cacheDir })).folder, dataset.content);
    expect((await stat(join(repository, 'data', 'campaign.csv'))).size).toBe('Id,name,status\n'.length);
  });
});
