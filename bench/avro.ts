/**
 * Figures for the Avro exports and import: file sizes, and times against reading and loading the text
 * log. Usage: tsx bench/avro.ts [source folder, default data/perx] [runs, default 3]. The engine is
 * PostgreSQL when DATABASE_URL is set, else a PGlite folder in the temp folder. Times are medians.
 */
import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportHttpLogAvro, exportSessionsAvro } from '../src/avro/index.js';
import { openDatabase } from '../src/db/open.js';
import { ingest } from '../src/ingest/load.js';
import { readHttpLogAvro } from '../src/ingest/parsers/http-log-avro.js';
import { readHttpLogText } from '../src/ingest/parsers/http-log.js';
import type { DataFileInput, Parsed } from '../src/ingest/parsers/parsed-line.js';
import { openDataFile } from '../src/ingest/read-data-file.js';
import { sessionParamsSchema } from '../src/reports/params.js';

const source = resolve(process.argv[2] ?? 'data/perx');
const runs = Number(process.argv[3] ?? 3);
const work = await mkdtemp(join(tmpdir(), 'perx-bench-avro-'));
const databaseUrl = process.env.DATABASE_URL || undefined;
const database = await openDatabase({ databaseUrl, dataDir: join(work, 'db') });

async function median(task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const began = performance.now();
    await task();
    times.push(performance.now() - began);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function parseAll(path: string, read: (input: DataFileInput) => AsyncIterable<Parsed<object>>) {
  const opened = openDataFile(path, path);
  let rows = 0;
  for await (const row of read(opened.input)) if (row) rows++;
  return rows;
}

const textLog = join(source, 'http_log.txt');
const avroLog = join(work, 'http_log.avro');
const sessions = join(work, 'sessions.avro');
const figures: [string, string][] = [];
const ms = (value: number) => `${value.toFixed(0)} ms`;
const bytes = async (path: string) => (await stat(path)).size;

try {
  let began = performance.now();
  const loaded = await ingest(database, { source });
  figures.push(['ingest of the folder with http_log.txt (once)', ms(performance.now() - began)]);
  const requests = loaded.files.find((file) => file.file === 'http_log.txt')?.loaded ?? 0;
  figures.push(['requests', String(requests)]);
  figures.push([
    'parse http_log.txt (read + parse, no database)',
    ms(await median(() => parseAll(textLog, readHttpLogText))),
  ]);
  figures.push(['export http-log -> Avro', ms(await median(() => exportHttpLogAvro(database, avroLog)))]);
  figures.push([
    'parse http_log.avro (read + decode + checks, no database)',
    ms(await median(() => parseAll(avroLog, readHttpLogAvro))),
  ]);
  const params = sessionParamsSchema.parse({});
  let sessionCount = 0;
  figures.push([
    'export sessions -> Avro',
    ms(
      await median(
        async () => (sessionCount = (await exportSessionsAvro(database, params, sessions)).records),
      ),
    ),
  ]);
  figures.push(['sessions', String(sessionCount)]);

  const avroSource = join(work, 'avro-source');
  await mkdir(avroSource);
  for (const name of [
    'campaign.csv',
    'reward_campaign.csv',
    'reward_transaction.csv',
    'campaign_reward_mapping.csv',
  ]) {
    await copyFile(join(source, name), join(avroSource, name));
  }
  await copyFile(avroLog, join(avroSource, 'http_log.avro'));
  began = performance.now();
  const reloaded = await ingest(database, { source: avroSource });
  figures.push(['ingest of the folder with http_log.avro (once)', ms(performance.now() - began)]);
  const reloadedRequests = reloaded.files.find((file) => file.file === 'http_log.avro')?.loaded ?? 0;
  if (reloadedRequests !== requests) throw new Error(`reloaded ${reloadedRequests} requests of ${requests}`);

  const textBytes = await bytes(textLog);
  const avroBytes = await bytes(avroLog);
  figures.push(['http_log.txt', `${textBytes} bytes`]);
  figures.push([
    'http_log.avro (deflate)',
    `${avroBytes} bytes, ${((avroBytes / textBytes) * 100).toFixed(1)} % of the text`,
  ]);
  figures.push(['sessions.avro (deflate)', `${await bytes(sessions)} bytes`]);
  const width = Math.max(...figures.map(([name]) => name.length));
  console.log(`${database.engine}, ${source}, median of ${runs} runs`);
  for (const [name, value] of figures) console.log(`${name.padEnd(width)}  ${value}`);
} finally {
  await database.close();
  await rm(work, { recursive: true, force: true });
}
