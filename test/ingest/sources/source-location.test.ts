import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PerxError, UsageError } from '../../../src/errors.js';
import { locateSource } from '../../../src/ingest/sources/source-location.js';
import { git } from './git-fixture.js';

describe('locateSource', () => {
  it.each([
    ['https://github.com/PerxTech/data-interview.git', 'git'],
    ['https://github.com/PerxTech/data-interview.git/', 'git'],
    ['http://127.0.0.1:8080/repo.git', 'git'],
    ['https://user:token@gitlab.example.com/group/repo.git', 'git'],
    ['ssh://git@github.com/PerxTech/data-interview.git', 'git'],
    ['git://example.com/repo', 'git'],
    ['git@github.com:PerxTech/data-interview.git', 'git'],
    ['git@github.com:PerxTech/data-interview', 'git'],
    ['https://github.com/PerxTech/data-interview', 'https'],
    ['https://example.com/perx/data/', 'https'],
    ['https://example.com/perx/data.git.backup/', 'https'],
    ['HTTPS://EXAMPLE.COM/perx/', 'https'],
  ])('reads %s as a %s source', async (spec, kind) => {
    expect((await locateSource(spec)).kind).toBe(kind);
  });

  it('keeps the URL of a remote git source and the base URL as written', async () => {
    expect(await locateSource('git@github.com:PerxTech/data-interview.git')).toEqual({
      kind: 'git',
      url: 'git@github.com:PerxTech/data-interview.git',
    });
    expect(await locateSource('https://example.com/perx/data/')).toEqual({
      kind: 'https',
      baseUrl: 'https://example.com/perx/data/',
    });
  });

  it('refuses other schemes and file URLs of other hosts as bad usage', async () => {
    await expect(locateSource('ftp://example.com/data/')).rejects.toThrow(UsageError);
    await expect(locateSource('ftp://example.com/data/')).rejects.toThrow(/unsupported scheme ftp/);
    await expect(locateSource('file://otherhost/srv/repo')).rejects.toThrow(UsageError);
  });

  describe('local paths', () => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'perx-locate-'));
      await mkdir(join(root, 'plain'));
      await mkdir(join(root, 'work'));
      await git(join(root, 'work'), 'init', '--quiet');
      await mkdir(join(root, 'bare.git'));
      await git(join(root, 'bare.git'), 'init', '--quiet', '--bare');
    });
    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('reads a folder without .git as a folder', async () => {
      expect(await locateSource(join(root, 'plain'))).toEqual({ kind: 'folder', path: join(root, 'plain') });
    });

    it('reads a work tree and a bare repository as git sources cloned through their file:// URL', async () => {
      for (const name of ['work', 'bare.git']) {
        const path = join(root, name);
        expect(await locateSource(`${path}/`)).toEqual({
          kind: 'git',
          url: pathToFileURL(path).href,
          localRepository: path,
        });
        expect(await locateSource(pathToFileURL(path).href)).toEqual(await locateSource(path));
      }
    });

    it('refuses a path that is not a folder', async () => {
      await expect(locateSource(join(root, 'missing'))).rejects.toThrow(PerxError);
      await expect(locateSource(join(root, 'missing'))).rejects.toThrow(
        /is not a folder, a git repository or a URL/,
      );
    });
  });
});
