/**
 * Runs bench/duckdb-sessions.sql (the session and campaign reports in DuckDB) on a log and a mapping file,
 * in its own process so that its peak RSS is DuckDB's alone, and prints the time of each phase as JSON.
 * Usage: node --import tsx bench/scale/duckdb-run.ts <http_log.txt> <campaign_reward_mapping.csv>
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { readFile } from 'node:fs/promises';

const [logPath, mappingPath] = process.argv.slice(2);
if (!logPath || !mappingPath)
  throw new Error('usage: duckdb-run.ts <http_log.txt> <campaign_reward_mapping.csv>');

const script = await readFile(new URL('../duckdb-sessions.sql', import.meta.url), 'utf8');
// "-- step: <phase> <name>" heads each statement; the load phase is timed apart from the sessions phase.
const steps = script
  .split(/^-- step: /m)
  .slice(1)
  .map((part) => {
    const [heading = '', ...body] = part.split('\n');
    const [phase = '', name = ''] = heading.trim().split(/\s+/);
    return { phase, name, sql: body.join('\n') };
  });

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
for (const [name, value] of [
  ['log_path', logPath],
  ['mapping_path', mappingPath],
] as const) {
  const statement = await connection.prepare(`SET VARIABLE ${name} = $1`);
  statement.bindVarchar(1, value);
  await statement.run();
}
await connection.run('SET VARIABLE gap_seconds = 300');

const seconds: Record<string, number> = {};
for (const step of steps) {
  const started = performance.now();
  await connection.run(step.sql);
  seconds[step.phase] = (seconds[step.phase] ?? 0) + (performance.now() - started) / 1000;
}
const counts = await connection.runAndReadAll(
  `SELECT (SELECT count(*) FROM http_log)::BIGINT::VARCHAR,
          (SELECT count(*) FROM report_session)::BIGINT::VARCHAR,
          (SELECT count(*) FILTER (WHERE reward_driven_by_campaign_view) FROM report_session)::BIGINT::VARCHAR,
          current_setting('threads')::VARCHAR`,
);
const [requests, sessions, drivenSessions, threads] = (counts.getRows()[0] ?? []).map(Number);
console.log(JSON.stringify({ seconds, requests, sessions, drivenSessions, threads }));
