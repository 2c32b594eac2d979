import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDataset } from '../../src/generate/index.js';
import { ingest } from '../../src/ingest/load.js';
import { describeEachEngine } from '../support/engines.js';
import { readCsv, readLines } from './read-dataset.js';

let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'perx-generate-ingest-'));
  await generateDataset({
    out,
    users: 200,
    requests: 5000,
    campaigns: 12,
    seed: 5,
    startSeconds: Date.UTC(2019, 7, 26) / 1000,
    days: 14,
  });
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describeEachEngine('a generated data set', ({ database }) => {
  it('ingests strictly, every line loaded and none rejected, with the sha256 its SHA256SUMS names', async () => {
    const summary = await ingest(database(), { source: out, strict: true });
    const [, ...mapping] = await readCsv(out, 'campaign_reward_mapping.csv');
    const distinctPairs = new Set(mapping.map((row) => row.join(','))).size;
    for (const file of summary.files) {
      expect(file.rejected, file.file).toBe(0);
      expect(file.loaded, file.file).toBe(file.lines);
    }
    const sums = await readLines(out, 'SHA256SUMS');
    expect(summary.files.map((file) => `${file.sha256}  ${file.file}`).sort()).toEqual([...sums].sort());
    const byName = new Map(summary.files.map((file) => [file.file, file]));
    expect(byName.get('http_log.txt')?.lines).toBe(5000);
    expect(byName.get('campaign_reward_mapping.csv')?.duplicates).toBe(mapping.length - distinctPairs);

    const [counts] = await database().query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM campaign) AS campaigns,
              (SELECT count(*) FROM reward_transaction) AS transactions,
              (SELECT count(*) FROM campaign_reward_mapping) AS pairs,
              (SELECT count(*) FROM http_log) AS requests,
              (SELECT count(DISTINCT user_id) FROM http_log) AS users,
              (SELECT count(*) FROM ingest_reject) AS rejects`,
    );
    expect(counts).toEqual({
      campaigns: 12,
      transactions: 100,
      pairs: distinctPairs,
      requests: 5000,
      users: 200,
      rejects: 0,
    });
  });
});
