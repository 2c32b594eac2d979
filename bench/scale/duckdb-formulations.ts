import { readdirSync } from 'node:fs';
import { projectRoot } from './build.js';
import { runMeasured } from './child.js';
import { sameFingerprint, type Fingerprint } from './fingerprint.js';

/** The formulations of bench/duckdb/, by file name without `.sql`, in name order. */
export const duckdbFormulations: readonly string[] = readdirSync(new URL('../duckdb/', import.meta.url))
  .filter((file) => file.endsWith('.sql'))
  .map((file) => file.slice(0, -'.sql'.length))
  .sort();

/** What bench/scale/duckdb-run.ts prints for one formulation, with its process's peak RSS. */
export interface FormulationRun {
  formulation: string;
  /** Phases: prepare (a sort of the log, not counted), load, sessions (sessions + campaigns). */
  seconds: { prepare?: number; load: number; sessions: number };
  stepSeconds: Record<string, number>;
  requests: number;
  sessions: number;
  drivenSessions: number;
  threads: number;
  fingerprint: Fingerprint;
  peakRssKb: number;
  /** Whether every run of it found the same rows (a formulation that leans on row order might not). */
  stable: boolean;
}

/** Each formulation in a process of its own, one after the other, so none shares the cores or memory. */
export async function runFormulations(
  names: readonly string[],
  logPath: string,
  mappingPath: string,
): Promise<FormulationRun[]> {
  const runs: FormulationRun[] = [];
  for (const name of names) {
    console.error(`DuckDB: ${name}`);
    const run = await runMeasured(
      process.execPath,
      ['--import', 'tsx', 'bench/scale/duckdb-run.ts', logPath, mappingPath, name],
      { cwd: projectRoot },
    );
    const figures = JSON.parse(run.stdout) as Omit<FormulationRun, 'peakRssKb' | 'stable'>;
    runs.push({ ...figures, peakRssKb: run.peakRssKb, stable: true });
  }
  return runs;
}

/**
 * Per formulation, its fastest sessions + campaigns phase over several rounds of runFormulations; stable
 * when every round found the same rows.
 */
export function fastestOfRounds(rounds: readonly (readonly FormulationRun[])[]): FormulationRun[] {
  const [first = []] = rounds;
  return first.map((_, index) => {
    const runs = rounds.map((round) => round[index]!);
    const best = runs.reduce((kept, run) => (run.seconds.sessions < kept.seconds.sessions ? run : kept));
    return { ...best, stable: runs.every((run) => sameFingerprint(run.fingerprint, best.fingerprint)) };
  });
}

/**
 * The anchor: the fastest sessions + campaigns phase among the formulations whose rows are perx's. One
 * that found other rows is faster at something else and cannot stand for DuckDB.
 */
export function anchorOf(runs: readonly FormulationRun[], perx: Fingerprint): FormulationRun | undefined {
  return runs
    .filter((run) => run.stable && sameFingerprint(run.fingerprint, perx))
    .reduce<FormulationRun | undefined>(
      (best, run) => (best === undefined || run.seconds.sessions < best.seconds.sessions ? run : best),
      undefined,
    );
}
