import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { ingest } from '../../src/ingest/load.js';
import { classifyRequest } from '../../src/ingest/request-class.js';
import { describeEachEngine } from '../support/engines.js';
import {
  generatedClassifiedColumnsSql,
  issuedBy012,
  logBefore017Statements,
  viewedBy012,
} from '../support/log-before-017.js';
import { copyOf, realDataset } from './fixture-folders.js';

/** The oracle: the definition the database computed the classified columns by until migration 017. */
const sqlDefinition = `SELECT ${viewedBy012} AS viewed, ${issuedBy012} AS issued`;

const requests = [
  'GET /campaigns/1',
  'GET /campaigns/0001',
  'GET /campaigns/',
  'GET /campaigns/abc',
  'GET /campaigns/1/',
  'GET /campaigns/1?x=2',
  'GET /campaigns/-1',
  'GET /campaigns/+1',
  'GET /campaigns/1e3',
  'GET /campaigns/１',
  'GET /campaigns/é',
  'GET /Campaigns/1',
  'GET /campaigns//1',
  'get /campaigns/1',
  'GETX /campaigns/1',
  'POST /campaigns/1',
  'GET /rewards/1',
  'POST /rewards/100',
  'POST /rewards/100?source=mail',
  'POST /rewards/',
  'post /rewards/7',
  'PUT /rewards/7',
  'GET /campaigns/999999999999999',
  'GET /campaigns/9007199254740993',
  'POST /rewards/9223372036854775807',
  'POST /rewards/9223372036854775808',
  'GET /campaigns/9223372036854775807',
  'GET /campaigns/9999999999999999999',
  'POST /rewards/0000000000000000001',
  'POST /rewards/00000000000000000001',
  'POST /rewards/12345678901234567890',
  'GET /campaigns/1234567890123456789',
];

describeEachEngine('requests classified by the loader', ({ database }) => {
  it('stores the ids the SQL definition gives, on the fast path and the general one', async () => {
    const folder = await copyOf(realDataset);
    await rm(join(folder, 'SHA256SUMS'));
    // Each request twice: once in the log's own form (the fast path), once tab-separated (the general parser).
    const lines = requests.flatMap((request, index) => {
      const [method, path] = request.split(' ');
      const time = `2019-08-26T10:${String(index).padStart(2, '0')}:00Z`;
      return [`${time} ${method} ${path} u-${index}`, `${time}\t${method}\t${path}\tu-${index}`];
    });
    await writeFile(join(folder, 'http_log.txt'), lines.join('\n') + '\n');
    const summary = await ingest(database(), { source: folder });
    expect(summary.files.find((file) => file.file === 'http_log.txt')?.loaded).toBe(2 * requests.length);

    const rows = await database().query<{
      http_method: string;
      http_path: string;
      viewed_campaign_id: string | null;
      issued_reward_id: string | null;
      viewed: string | null;
      issued: string | null;
    }>(
      `SELECT log.http_method, log.http_path, log.viewed_campaign_id::text, log.issued_reward_id::text,
         oracle.viewed::text, oracle.issued::text
       FROM http_log AS log,
         LATERAL (${sqlDefinition}) AS oracle
       ORDER BY log.source_line`,
    );
    expect(rows).toHaveLength(2 * requests.length);
    for (const row of rows) {
      const request = `${row.http_method} ${row.http_path}`;
      expect([row.viewed_campaign_id, row.issued_reward_id], request).toEqual([row.viewed, row.issued]);
      // The same answer for the writers that classify strings (classifyRequest).
      const { viewedCampaignId, issuedRewardId } = classifyRequest(row.http_method, row.http_path);
      expect([viewedCampaignId?.toString() ?? null, issuedRewardId?.toString() ?? null], request).toEqual([
        row.viewed,
        row.issued,
      ]);
    }
    // Worked out by hand: what the cases above must come to, so the oracle cannot agree by being empty.
    const classified = (request: string) => {
      const row = rows.find((candidate) => `${candidate.http_method} ${candidate.http_path}` === request);
      return [row?.viewed_campaign_id ?? null, row?.issued_reward_id ?? null];
    };
    expect(classified('GET /campaigns/0001')).toEqual(['1', null]);
    expect(classified('GET /campaigns/9007199254740993')).toEqual(['9007199254740993', null]);
    expect(classified('GET /campaigns/9223372036854775807')).toEqual(['9223372036854775807', null]);
    expect(classified('GET /campaigns/9999999999999999999')).toEqual([null, null]);
    expect(classified('POST /rewards/9223372036854775807')).toEqual([null, '9223372036854775807']);
    expect(classified('POST /rewards/9223372036854775808')).toEqual([null, null]);
    expect(classified('POST /rewards/0000000000000000001')).toEqual([null, '1']);
    expect(classified('POST /rewards/00000000000000000001')).toEqual([null, null]);
    expect(classified('GET /campaigns/１')).toEqual([null, null]);
    expect(rows.filter((row) => row.viewed_campaign_id !== null)).toHaveLength(2 * 6);
    expect(rows.filter((row) => row.issued_reward_id !== null)).toHaveLength(2 * 3);
  });
});

describeEachEngine('migration 017 over a log classified by generated columns', ({ database }) => {
  it('keeps every stored id and leaves the columns for the loader to fill', async () => {
    const db = database();
    await ingest(db, { source: realDataset });
    const classified = `SELECT count(viewed_campaign_id)::integer AS views, count(issued_reward_id)::integer AS issues,
        sum(coalesce(viewed_campaign_id, 0) + coalesce(issued_reward_id, 0))::text AS ids FROM http_log`;
    const loaded = await db.query(classified);
    // The log as 012 left it: the same ids, computed by the database.
    for (const statement of logBefore017Statements) await db.execute(statement);
    const generatedColumns = generatedClassifiedColumnsSql.replace('%s', 'http_log');
    expect(await db.query(generatedColumns)).toEqual([{ generated: 2 }]);
    expect(await db.query(classified)).toEqual(loaded);

    expect((await migrate(db)).map((migration) => migration.version)).toEqual([17]);
    expect(await db.query(generatedColumns)).toEqual([{ generated: 0 }]);
    expect(await db.query(classified)).toEqual(loaded);
    const [counts] = await db.query<{ views: number; issues: number }>(classified);
    expect(counts?.views).toBeGreaterThan(1000);
    expect(counts?.issues).toBeGreaterThan(100);
  });
});
