import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { loadConfig } from '../../../src/config/config.js';
import type { Database } from '../../../src/db/database.js';
import { ingest } from '../../../src/ingest/load.js';
import { writeRows, type OutputFormat, type OutputRow } from '../../../src/output/index.js';
import { computeAllReports } from '../../../src/reports/index.js';
import { createApp } from '../../../src/web/app.js';

/**
 * A hand-made data set whose answers are worked out in the tests that use it, with names and ids that
 * are HTML (a campaign named <script>alert(1)</script>, a reward named <img ...>, a user <i>x</i>), a
 * name that needs CSV quoting, and two lines the ingest rejects. Times are UTC; the reports use
 * Asia/Singapore (UTC+8).
 */
export const hostileFixture = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));

/** Loads the fixture, stores `perx report all`, and builds the app over the database. */
export async function hostileApp(database: Database): Promise<Hono> {
  await ingest(database, { source: hostileFixture });
  await computeAllReports(database);
  return createApp({ database, config: loadConfig({}, {}) });
}

/** What `perx report <name> --format <format> --tz <zone>` writes for these rows: the CLI's own writer. */
export async function cliOutput(
  rows: AsyncIterable<OutputRow>,
  columns: readonly string[],
  format: OutputFormat,
  timeZone: string,
): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeRows(rows, { format, columns, timeZone, out });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}
