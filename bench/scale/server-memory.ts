import { readFile } from 'node:fs/promises';
import type pg from 'pg';

/**
 * The memory PostgreSQL spends on one database's work, sampled: every 100 ms, the backends and parallel
 * workers connected to that database (pg_stat_activity), and of each its proportional set size from
 * /proc/<pid>/smaps_rollup: private memory (sorts, hash tables, caches) plus its share of the shared
 * memory it touched, so shared buffers are not counted once per process. The peak of that sum is what a
 * step is charged with. Not counted: the postmaster, checkpointer, WAL writer and other server-wide
 * processes, and any peak shorter than the sampling interval. Needs to read other users' /proc (root).
 */
export class ServerMemorySampler {
  private peakKb = 0;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly admin: pg.Client,
    private readonly database: string,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.peakKb = 0;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Stops sampling; returns the peak in kB. */
  async stop(): Promise<number> {
    this.stopped = true;
    await this.running;
    return this.peakKb;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const { rows } = await this.admin.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = $1',
        [this.database],
      );
      const sizes = await Promise.all(rows.map((row) => proportionalSetKb(row.pid)));
      this.peakKb = Math.max(
        this.peakKb,
        sizes.reduce((total, size) => total + size, 0),
      );
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }
}

/** A process's PSS in kB, or 0 when it has exited (or cannot be read). */
async function proportionalSetKb(pid: number): Promise<number> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  const pss = /^Pss:\s+(\d+) kB$/m.exec(rollup);
  return pss ? Number(pss[1]) : 0;
}
