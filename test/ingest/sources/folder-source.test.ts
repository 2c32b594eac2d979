import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { resolveSource } from '../../../src/ingest/sources/resolve-source.js';
import { realDataFolder, realPointerFolder } from './real-dataset.js';

let cacheDir: string;
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'perx-folder-'));
});
afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

it('uses a folder in place, described as the user wrote it', async () => {
  const spec = relative(process.cwd(), realDataFolder);
  expect(await resolveSource(spec, { cacheDir })).toEqual({
    description: spec,
    folder: realDataFolder.replace(/\/$/, ''),
    kind: 'folder',
  });
});

it('refuses a folder of Git LFS pointers, naming them, since it never writes into the user’s folder', async () => {
  const spec = relative(process.cwd(), realPointerFolder);
  await expect(resolveSource(spec, { cacheDir })).rejects.toThrow(
    `${spec}/campaign.csv, ${spec}/reward_campaign.csv, ${spec}/reward_transaction.csv, ${spec}/campaign_reward_mapping.csv, ${spec}/http_log.txt are Git LFS pointers, not data: give the git repository itself as the source`,
  );
});
