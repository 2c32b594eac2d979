import { randomInt } from 'node:crypto';
import pg from 'pg';

/** The first key of every owner lock: the advisory locks perx takes to say "this process lives". */
export const ownerLockClass = 7450270;

/**
 * A session-level advisory lock a process holds, on a connection of its own, for as long as it has runs
 * under way (ingest_run, report_run): the server drops it the moment the process's connection ends, a
 * `kill -9` included, so another process can tell a run whose owner is gone from one still working
 * (run-owners.ts). Its own connection, outside the pool, so a pool of one still has its connection.
 */
export class OwnerLock {
  private held: Promise<{ client: pg.Client; key: readonly [number, number] }> | undefined;

  constructor(private readonly config: pg.ClientConfig) {}

  /** The lock's key, taken on first use: a random second key, tried until one is free. */
  key(): Promise<readonly [number, number]> {
    this.held ??= this.take().catch((error: unknown) => {
      this.held = undefined;
      throw error;
    });
    return this.held.then((held) => held.key);
  }

  private async take(): Promise<{ client: pg.Client; key: readonly [number, number] }> {
    const client = new pg.Client(this.config);
    // Losing the connection loses the lock; the runs it covers then read as abandoned, as they should.
    client.on('error', () => undefined);
    await client.connect();
    try {
      for (;;) {
        const key = [ownerLockClass, randomInt(1, 2 ** 31 - 1)] as const;
        const [row] = (
          await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS taken', [...key])
        ).rows;
        if (row?.taken) return { client, key };
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  async release(): Promise<void> {
    const held = await this.held?.catch(() => undefined);
    this.held = undefined;
    await held?.client.end().catch(() => undefined);
  }
}
