import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { PerxError } from '../../src/errors.js';
import { ingest } from '../../src/ingest/load.js';
import { describeEachEngine, truncateData } from '../support/engines.js';
import { runPerx } from '../support/perx-cli.js';
import { dataTables } from './dataset-tables.js';
import { copyOf, realDataset } from './fixture-folders.js';

/**
 * A non-strict ingest loads what it can, but over data loaded before it must not quietly leave far less:
 * a table losing more than PERX_MAX_SHRINK (20%) of its rows, or a file with more than PERX_MAX_REJECTED
 * (10%) of its lines rejected, stops it with the data unchanged, unless --allow-shrink.
 */

/** The real data set without SHA256SUMS, so its files can be changed. */
async function realCopy(): Promise<string> {
  const folder = await copyOf(realDataset);
  await rm(join(folder, 'SHA256SUMS'));
  return folder;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(PerxError);
  return (error as PerxError).message;
}

const limitsText =
  '(limits: a table may lose 20% of its rows, a file may have 10% of its lines rejected); check the source, or pass --allow-shrink to load it anyway';

describeEachEngine('the guard against loss', ({ database }) => {
  let before: Awaited<ReturnType<typeof dataTables>>;
  beforeEach(async () => {
    await truncateData(database());
    await ingest(database(), { source: realDataset });
    before = await dataTables(database(), { sourceFileId: true });
  });

  it('refuses an empty log in place of 16,000 requests, and loads it when allowed', async () => {
    const folder = await realCopy();
    await writeFile(join(folder, 'http_log.txt'), '');
    expect(await refusal(ingest(database(), { source: folder }))).toBe(
      `refused to replace the data loaded before: http_log would go from 16,000 rows to 0 ${limitsText}`,
    );
    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
    const [run] = await database().query<{ outcome: string; error: string }>(
      'SELECT outcome, error FROM ingest_run ORDER BY id DESC LIMIT 1',
    );
    expect(run?.outcome).toBe('failed');
    expect(run?.error).toContain('http_log would go from 16,000 rows to 0');

    const allowed = await ingest(database(), { source: folder, limits: { allowShrink: true } });
    expect(allowed.tables.find((change) => change.table === 'http_log')).toEqual({
      table: 'http_log',
      before: 16_000,
      after: 0,
    });
    expect((await dataTables(database())).http_log).toEqual([]);
  });

  it('refuses a truncated log: 8,609 of 16,000 lines, a loss of 46%; a limit of 50% lets it through', async () => {
    const folder = await realCopy();
    const lines = (await readFile(join(folder, 'http_log.txt'), 'utf8')).split('\n').slice(0, 8609);
    await writeFile(join(folder, 'http_log.txt'), `${lines.join('\n')}\n`);
    expect(await refusal(ingest(database(), { source: folder }))).toBe(
      `refused to replace the data loaded before: http_log would go from 16,000 rows to 8,609 ${limitsText}`,
    );
    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
    const summary = await ingest(database(), { source: folder, limits: { maxShrink: 0.5 } });
    expect(summary.tables.find((change) => change.table === 'http_log')?.after).toBe(8609);
  });

  it('refuses a bad campaign line that takes its rewards and their transactions with it', async () => {
    const folder = await realCopy();
    // Campaign 1 loses its status field: rejected, and with it every reward campaign and transaction.
    const campaigns = (await readFile(join(folder, 'campaign.csv'), 'utf8')).split('\n');
    await writeFile(
      join(folder, 'campaign.csv'),
      campaigns.map((line) => (line.startsWith('1,') ? line.replace(/,[^,]*$/, '') : line)).join('\n'),
    );
    const message = await refusal(ingest(database(), { source: folder }));
    expect(message).toContain('reward_campaign would go from 3 rows to');
    expect(message).toContain('reward_transaction would go from 10 rows to');
    expect(message).toContain('campaign.csv has 1 of its 3 lines rejected');
    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
  });

  it('refuses a log with more than a tenth of its lines rejected, though no table shrinks', async () => {
    const folder = await realCopy();
    await appendFile(join(folder, 'http_log.txt'), 'not a request\n'.repeat(2000));
    expect(await refusal(ingest(database(), { source: folder }))).toBe(
      `refused to replace the data loaded before: http_log.txt has 2,000 of its 18,000 lines rejected ${limitsText}`,
    );
    expect(await dataTables(database(), { sourceFileId: true })).toEqual(before);
    const summary = await ingest(database(), { source: folder, limits: { maxRejected: 0.2 } });
    expect(summary.files.find((file) => file.file === 'http_log.txt')).toMatchObject({ rejected: 2000 });
  });

  it('lets the same data set, or a larger one, replace the data without a word', async () => {
    const same = await ingest(database(), { source: realDataset });
    expect(same.tables.map(({ table, before, after }) => [table, before, after])).toEqual([
      ['campaign', 3, 3],
      ['reward_campaign', 3, 3],
      ['reward_transaction', 10, 10],
      ['campaign_reward_mapping', 1761, 1761],
      ['http_log', 16_000, 16_000],
    ]);
  });
});

it('perx ingest exits 1 on a refused replacement and loads it with --allow-shrink', async () => {
  const folder = await realCopy();
  const data = await copyOf(realDataset);
  try {
    await writeFile(join(folder, 'http_log.txt'), '');
    const env = { PERX_DATA_DIR: join(data, 'db'), DATABASE_URL: '' };
    expect((await runPerx(['ingest'], { env })).code).toBe(0);
    const refused = await runPerx(['ingest', '--source', folder], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `perx: ingest failed, the data loaded before is unchanged: refused to replace the data loaded before: http_log would go from 16,000 rows to 0 ${limitsText}\n`,
    );
    const allowed = await runPerx(['ingest', '--allow-shrink', '--source', folder], { env });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('http_log                      16,000           0');
  } finally {
    await rm(folder, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
  }
});
