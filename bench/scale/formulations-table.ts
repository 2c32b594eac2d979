import type { FormulationRun } from './duckdb-formulations.js';
import { markdownTable } from './results-table.js';

const headings = [
  'DuckDB formulation',
  'load s',
  'sort s (not counted)',
  'sessions + campaigns s',
  'x anchor',
  'process peak RSS',
  'sessions (driven)',
  'matches perx',
];

/**
 * Every DuckDB formulation of bench/duckdb/ side by side, in the style of the results table: its phases,
 * its sessions + campaigns time against the anchor's, and whether its fingerprint is perx's.
 */
export function formulationsTable(
  runs: readonly FormulationRun[],
  anchor: FormulationRun | undefined,
  matches: (run: FormulationRun) => boolean,
): string {
  const cells = runs.map((run) => [
    run === anchor ? `${run.formulation} (anchor)` : run.formulation,
    run.seconds.load.toFixed(2),
    run.seconds.prepare === undefined ? '-' : run.seconds.prepare.toFixed(2),
    run.seconds.sessions.toFixed(2),
    anchor ? `${(run.seconds.sessions / anchor.seconds.sessions).toFixed(2)}x` : '-',
    `${Math.round(run.peakRssKb / 1024)} MB`,
    `${run.sessions.toLocaleString('en-US')} (${run.drivenSessions.toLocaleString('en-US')})`,
    matches(run) ? 'yes' : 'NO',
  ]);
  return markdownTable(headings, cells);
}
