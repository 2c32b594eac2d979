import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMeasured } from './child.js';

export interface BenchDataset {
  folder: string;
  logPath: string;
  mappingPath: string;
  /** How long `perx generate` took and how much memory it used, when the data set was made. */
  generate: { seconds: number; peakRssKb: number; cached: boolean };
}

const seed = 1;

/**
 * The data set of the given size, from a cache folder keyed by the generator's arguments: a generated
 * log is deterministic for its flags, so it is made once and reused by later runs.
 */
export async function benchDataset(
  perx: { node: string; args: string[] },
  requests: number,
  users: number,
): Promise<BenchDataset> {
  const folder = join(tmpdir(), 'perx-bench-cache', `requests-${requests}-users-${users}-seed-${seed}`);
  const made = join(folder, 'generated.json');
  const paths = {
    folder,
    logPath: join(folder, 'http_log.txt'),
    mappingPath: join(folder, 'campaign_reward_mapping.csv'),
  };
  const cached = await access(made).then(
    () => true,
    () => false,
  );
  if (cached) {
    const figures = JSON.parse(await readFile(made, 'utf8')) as { seconds: number; peakRssKb: number };
    return { ...paths, generate: { ...figures, cached: true } };
  }
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const run = await runMeasured(perx.node, [
    ...perx.args,
    'generate',
    '--out',
    folder,
    '--requests',
    String(requests),
    '--users',
    String(users),
    '--seed',
    String(seed),
    '--force',
  ]);
  const figures = { seconds: run.seconds, peakRssKb: run.peakRssKb };
  await writeFile(made, JSON.stringify(figures));
  return { ...paths, generate: { ...figures, cached: false } };
}
