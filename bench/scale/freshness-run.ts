/**
 * Freshness: how long new requests take to reach every stored report. On a database holding a data set
 * and its stored reports (`perx ingest`, `perx report all`), a generated chunk of 100,000 later requests
 * is appended (`perx ingest --append`) and the reports brought up to date (`perx report all`), each timed
 * from spawn to exit, with the parts the commands report. Then the stored reports are fingerprinted,
 * computed again in full (`perx report all --full`) and fingerprinted again: the two must be equal.
 */
import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runMeasured, runQuietly } from './child.js';

export interface FreshnessFigures {
  requests: number;
  appendSeconds: number;
  reportSeconds: number;
  /** What `perx ingest --append` says it took inside the process. */
  appendInProcessSeconds: number | undefined;
  /** Each report's duration_ms and how it was computed, from report_run. */
  reports: { report: string; ms: number; mode: string }[];
  /** Whether the stored reports after the append equal those of a full recomputation. */
  equal: boolean;
  fingerprints: { report: string; rows: number; digest: string }[];
}

/** How many requests an append adds. */
export const appendedRequests = 100_000;

interface Perx {
  node: string;
  args: string[];
}

/**
 * Per stored report, its rows and the sum of the md5 of their text (the run id left out, as a recomputed
 * run has another): equal sums, equal counts, equal rows, but for a collision.
 */
const fingerprintSql = `
  WITH latest AS (
    SELECT DISTINCT ON (report) report, coalesce(result_run_id, id) AS run_id
    FROM report_run
    WHERE kind = 'all' AND complete
    ORDER BY report, id DESC
  )
  SELECT latest.report, stored.rows, stored.digest
  FROM latest
  CROSS JOIN LATERAL (
    SELECT count(*) AS rows, coalesce(sum(('x' || left(md5(row_text), 15))::bit(60)::bigint), 0)::text AS digest
    FROM (
      SELECT (to_jsonb(engagement) - 'report_run_id')::text AS row_text
      FROM report_engagement AS engagement
      WHERE latest.report = 'engagement' AND engagement.report_run_id = latest.run_id
      UNION ALL
      SELECT (to_jsonb(weekly) - 'report_run_id')::text
      FROM report_weekly AS weekly
      WHERE latest.report = 'weekly' AND weekly.report_run_id = latest.run_id
      UNION ALL
      SELECT (to_jsonb(session) - 'report_run_id')::text
      FROM report_session AS session
      WHERE latest.report = 'sessions' AND session.report_run_id = latest.run_id
      UNION ALL
      SELECT (to_jsonb(campaign) - 'report_run_id')::text
      FROM report_campaign AS campaign
      WHERE latest.report = 'campaigns' AND campaign.report_run_id = latest.run_id
    ) AS stored_row
  ) AS stored
  ORDER BY latest.report`;

async function fingerprints(databaseUrl: string): Promise<FreshnessFigures['fingerprints']> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ report: string; rows: string; digest: string }>(fingerprintSql);
    return rows.map((row) => ({ report: row.report, rows: Number(row.rows), digest: row.digest }));
  } finally {
    await client.end();
  }
}

/**
 * A source folder for the append: the data set's files, linked (loaded already, so skipped by their
 * content), and the generated chunk as a new log file. A chunk is generated once per data set and kept
 * next to it: a day of requests after the data set's last day, by users of the data set.
 */
async function appendSource(perx: Perx, datasetFolder: string, users: number): Promise<string> {
  const chunk = `${datasetFolder}-append-${appendedRequests}`;
  const log = join(chunk, 'http_log.txt');
  const made = await readdir(chunk).then(
    (names) => names.includes('http_log.txt'),
    () => false,
  );
  if (!made) {
    await runQuietly(perx.node, [
      ...perx.args,
      'generate',
      '--out',
      chunk,
      '--requests',
      String(appendedRequests),
      '--users',
      String(Math.min(users, appendedRequests / 10)),
      // The bench's data sets start on the generator's default day and span its default 14 days.
      ...['--start', '2019-09-09', '--days', '1', '--seed', '2', '--force'],
    ]);
  }
  const source = join(tmpdir(), `perx-bench-append-${process.pid}`);
  await rm(source, { recursive: true, force: true });
  await mkdir(source, { recursive: true });
  for (const name of await readdir(datasetFolder)) {
    if (name.endsWith('.csv') || name === 'http_log.txt') {
      await link(join(datasetFolder, name), join(source, name));
    }
  }
  await link(log, join(source, 'http_log-append.txt'));
  // With the checksums of every file, as perx generate writes them, the append reads only the new file;
  // without, it would hash the whole loaded log again to find it loaded.
  const sums = await readFile(join(datasetFolder, 'SHA256SUMS'), 'utf8');
  const chunkSum = /^([0-9a-f]{64}) {2}http_log\.txt$/m.exec(
    await readFile(join(chunk, 'SHA256SUMS'), 'utf8'),
  );
  if (!chunkSum) throw new Error(`${chunk}/SHA256SUMS names no http_log.txt`);
  await writeFile(join(source, 'SHA256SUMS'), `${sums.trimEnd()}\n${chunkSum[1]}  http_log-append.txt\n`);
  return source;
}

/** Appends, brings the stored reports up to date, and checks them against a full recomputation. */
export async function benchFreshness(
  perx: Perx,
  options: { datasetFolder: string; users: number; databaseUrl: string; env: Record<string, string> },
): Promise<FreshnessFigures> {
  const source = await appendSource(perx, options.datasetFolder, options.users);
  const onServer = ['--database-url', options.databaseUrl];
  try {
    const append = await runMeasured(
      perx.node,
      [...perx.args, 'ingest', '--append', '--source', source, ...onServer],
      { env: options.env },
    );
    const report = await runMeasured(perx.node, [...perx.args, 'report', 'all', ...onServer], {
      env: options.env,
    });
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    const { rows: runs } = await client
      .query<{ report: string; ms: number; mode: string }>(
        `SELECT DISTINCT ON (report) report, duration_ms AS ms, coalesce(computation ->> 'mode', '') AS mode
         FROM report_run WHERE kind = 'all' AND complete ORDER BY report, id DESC`,
      )
      .finally(() => client.end());
    const incremental = await fingerprints(options.databaseUrl);
    await runQuietly(perx.node, [...perx.args, 'report', 'all', '--full', ...onServer], { env: options.env });
    const full = await fingerprints(options.databaseUrl);
    const inProcess = /in ([\d.]+) s \(ingest run/.exec(append.stdout)?.[1];
    return {
      requests: appendedRequests,
      appendSeconds: append.seconds,
      reportSeconds: report.seconds,
      appendInProcessSeconds: inProcess === undefined ? undefined : Number(inProcess),
      reports: runs,
      equal: JSON.stringify(incremental) === JSON.stringify(full),
      fingerprints: incremental,
    };
  } finally {
    await rm(source, { recursive: true, force: true });
  }
}

/** The freshness figures as lines for the bench's output. */
export function freshnessLines(figures: FreshnessFigures): string[] {
  const total = figures.appendSeconds + figures.reportSeconds;
  const parts = ['engagement', 'weekly', 'sessions', 'campaigns'].map((name) => {
    const run = figures.reports.find((report) => report.report === name);
    return run ? `${name} ${(run.ms / 1000).toFixed(2)} s (${run.mode})` : `${name} -`;
  });
  const inProcess =
    figures.appendInProcessSeconds === undefined
      ? ''
      : ` (${figures.appendInProcessSeconds.toFixed(2)} s inside)`;
  return [
    `freshness: ${figures.requests.toLocaleString('en-US')} requests appended and every stored report up to date in ${total.toFixed(2)} s`,
    `  perx ingest --append ${figures.appendSeconds.toFixed(2)} s${inProcess}`,
    `  perx report all ${figures.reportSeconds.toFixed(2)} s: ${parts.join(', ')}`,
    `  stored reports equal to a full recomputation: ${figures.equal ? 'yes' : 'NO'} (${figures.fingerprints
      .map((print) => `${print.report} ${print.rows.toLocaleString('en-US')} rows`)
      .join(', ')})`,
  ];
}
