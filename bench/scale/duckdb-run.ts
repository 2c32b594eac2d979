/**
 * Runs one DuckDB formulation of the session and campaign reports (a file of bench/duckdb/) on a log and a
 * mapping file, in its own process so that its peak RSS is DuckDB's alone, and prints as JSON the time of
 * each phase and the fingerprint of its results (fingerprint.ts), taken after the clock stops.
 * Usage: node --import tsx bench/scale/duckdb-run.ts <http_log.txt> <campaign_reward_mapping.csv> [formulation]
 * The formulation is a file name in bench/duckdb/ without `.sql` (default: ported).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckdbFingerprintSql, type Fingerprint } from './fingerprint.js';

const [logPath, mappingPath, formulation = 'ported'] = process.argv.slice(2);
if (!logPath || !mappingPath || !/^[a-z0-9-]+$/.test(formulation))
  throw new Error('usage: duckdb-run.ts <http_log.txt> <campaign_reward_mapping.csv> [formulation]');

interface Step {
  phase: string;
  name: string;
  sql: string;
}

/**
 * The statements of a formulation. "-- step: <phase> <name>" heads each one. Phases: prepare (work a
 * formulation does to the file before loading it, such as sorting it, reported apart), load, sessions
 * (sessions + campaigns). "-- step: <phase> <name> from <formulation>" runs that formulation's step of the
 * same phase and name, so a variant states only what it does differently.
 */
async function readSteps(name: string): Promise<Step[]> {
  const script = await readFile(new URL(`../duckdb/${name}.sql`, import.meta.url), 'utf8');
  const steps: Step[] = [];
  for (const part of script.split(/^-- step: /m).slice(1)) {
    const [heading = '', ...body] = part.split('\n');
    const [phase = '', stepName = '', from, source] = heading.trim().split(/\s+/);
    if (from !== 'from') {
      steps.push({ phase, name: stepName, sql: body.join('\n') });
      continue;
    }
    const shared = (await readSteps(source ?? '')).find(
      (step) => step.phase === phase && step.name === stepName,
    );
    if (!shared) throw new Error(`${name}.sql: no step "${phase} ${stepName}" in ${source}.sql`);
    steps.push(shared);
  }
  return steps;
}

const steps = await readSteps(formulation);

// A folder for files a formulation writes (a sorted copy of the log), removed at the end.
const workFolder = await mkdtemp(join(tmpdir(), 'perx-bench-duckdb-'));
try {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const [name, value] of [
    ['log_path', logPath],
    ['mapping_path', mappingPath],
    ['sorted_log_path', join(workFolder, 'http_log.sorted.txt')],
  ] as const) {
    const statement = await connection.prepare(`SET VARIABLE ${name} = $1`);
    statement.bindVarchar(1, value);
    await statement.run();
  }
  await connection.run('SET VARIABLE gap_seconds = 300');

  const seconds: Record<string, number> = {};
  // Each statement's own time too, to see where a formulation spends it.
  const stepSeconds: Record<string, number> = {};
  for (const step of steps) {
    const started = performance.now();
    await connection.run(step.sql);
    const took = (performance.now() - started) / 1000;
    seconds[step.phase] = (seconds[step.phase] ?? 0) + took;
    stepSeconds[`${step.phase} ${step.name}`] = took;
  }
  const counts = await connection.runAndReadAll(
    `SELECT (SELECT count(*) FROM http_log)::BIGINT::VARCHAR,
            (SELECT count(*) FROM report_session)::BIGINT::VARCHAR,
            (SELECT count(*) FILTER (WHERE reward_driven_by_campaign_view) FROM report_session)::BIGINT::VARCHAR,
            current_setting('threads')::VARCHAR`,
  );
  const [requests, sessions, drivenSessions, threads] = (counts.getRows()[0] ?? []).map(Number);
  const [sessionRows, sessionSum, campaignRows, campaignSum] = (
    (await connection.runAndReadAll(duckdbFingerprintSql)).getRows()[0] ?? []
  ).map(String);
  const fingerprint: Fingerprint = {
    sessions: { rows: Number(sessionRows), sum: sessionSum ?? '' },
    campaigns: { rows: Number(campaignRows), sum: campaignSum ?? '' },
  };
  console.log(
    JSON.stringify({
      formulation,
      seconds,
      stepSeconds,
      requests,
      sessions,
      drivenSessions,
      threads,
      fingerprint,
    }),
  );
} finally {
  await rm(workFolder, { recursive: true, force: true });
}
