import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { generateDataset } from '../../src/generate/index.js';
import { ingest } from '../../src/ingest/load.js';
import { newRequestsSince, type NewRequestSpan } from '../../src/ingest/new-requests.js';
import { createTestStore, describeEachEngine } from '../support/engines.js';

const csvFiles = [
  'campaign.csv',
  'reward_campaign.csv',
  'reward_transaction.csv',
  'campaign_reward_mapping.csv',
];
const chunkNames = ['http_log.txt', 'http_log-1.txt', 'http_log-2.txt', 'http_log-3.txt'];

let generated: string;
let chunks: string[][];

beforeAll(async () => {
  generated = await mkdtemp(join(tmpdir(), 'perx-append-chunks-'));
  await generateDataset({
    out: generated,
    users: 150,
    requests: 4000,
    campaigns: 8,
    seed: 11,
    startSeconds: Date.UTC(2019, 7, 26) / 1000,
    days: 3,
  });
  const lines = (await readFile(join(generated, 'http_log.txt'), 'utf8')).split('\n').filter(Boolean);
  // Uneven cuts of an unsorted log: the chunks overlap in time and share users.
  const cuts = [0, 1700, 2600, 3900, lines.length];
  chunks = chunkNames.map((_, index) => lines.slice(cuts[index], cuts[index + 1]));
});

afterAll(async () => {
  await rm(generated, { recursive: true, force: true });
});

/** Per user, the first and last request of some log lines, worked out here rather than in SQL. */
function spansOf(lines: readonly string[]): NewRequestSpan[] {
  const spans = new Map<string, NewRequestSpan>();
  for (const line of lines) {
    const [timestamp, , , user] = line.split(' ') as [string, string, string, string];
    const at = new Date(timestamp);
    const span = spans.get(user);
    if (span === undefined) {
      spans.set(user, { user_id: user, first_new_at: at, last_new_at: at, new_requests: 1 });
      continue;
    }
    if (at < span.first_new_at) span.first_new_at = at;
    if (at > span.last_new_at) span.last_new_at = at;
    span.new_requests++;
  }
  return [...spans.values()].sort((a, b) => (a.user_id < b.user_id ? -1 : 1));
}

async function collectSpans(spans: AsyncIterable<NewRequestSpan>): Promise<NewRequestSpan[]> {
  const all: NewRequestSpan[] = [];
  for await (const span of spans) all.push(span);
  return all;
}

/** The log as loaded: every request with the file (by name) and line it came from. */
function loadedLog(database: Database) {
  return database.query(
    `SELECT to_char(log."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS at, log.http_method,
            log.http_path, log.user_id, file.name, log.source_line
     FROM http_log AS log JOIN ingest_file AS file ON file.id = log.source_file_id
     ORDER BY file.name COLLATE "C", log.source_line`,
  );
}

describeEachEngine('a generated log appended in chunks', ({ database, engine }) => {
  it('ends with the same log as one ingest of all chunks, and names each chunk’s new requests', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'perx-append-folder-'));
    const whole = await mkdtemp(join(tmpdir(), 'perx-append-whole-'));
    const store = await createTestStore(engine);
    try {
      for (const file of csvFiles) {
        await copyFile(join(generated, file), join(folder, file));
        await copyFile(join(generated, file), join(whole, file));
      }
      await writeFile(join(folder, chunkNames[0]!), chunks[0]!.join('\n') + '\n');
      let previous = await ingest(database(), { source: folder, strict: true });
      for (let index = 1; index < chunks.length; index++) {
        await writeFile(join(folder, chunkNames[index]!), chunks[index]!.join('\n') + '\n');
        const appended = await ingest(database(), { source: folder, append: true, strict: true });
        expect(appended.files.map((file) => [file.file, file.loaded])).toEqual([
          [chunkNames[index], chunks[index]!.length],
        ]);
        const since = { ingest_run_id: previous.runId };
        expect(await collectSpans(newRequestsSince(database(), since))).toEqual(spansOf(chunks[index]!));
        previous = appended;
      }

      for (const [index, name] of chunkNames.entries()) {
        await writeFile(join(whole, name), chunks[index]!.join('\n') + '\n');
      }
      await mkdir(store.settings.dataDir, { recursive: true });
      const other = await store.open();
      try {
        const once = await ingest(other, { source: whole, strict: true });
        expect(once.files.map((file) => file.file)).toEqual([...csvFiles, ...chunkNames]);
        const appendedLog = await loadedLog(database());
        expect(appendedLog).toHaveLength(4000);
        expect(await loadedLog(other)).toEqual(appendedLog);
      } finally {
        await other.close();
      }
    } finally {
      await store.remove();
      await rm(folder, { recursive: true, force: true });
      await rm(whole, { recursive: true, force: true });
    }
  });
});
