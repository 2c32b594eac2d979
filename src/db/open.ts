import { dirname, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import type { Database } from './database.js';
import { startEmbeddedOwner } from './embedded/embedded-owner.js';
import { InUseError, ownerIsAlive, readLock } from './embedded/folder-lock.js';
import { migrate } from './migrate.js';
import { clearAbandonedRuns } from './run-owners.js';
import { openPostgres } from './postgres.js';

export interface OpenOptions {
  /** A PostgreSQL server's URL; unset: the embedded database in `dataDir`. */
  databaseUrl?: string | undefined;
  /** The embedded database's folder; undefined with no databaseUrl: a database in memory (tests). */
  dataDir?: string | undefined;
  databasePoolSize?: number;
  /** Told the steps of opening that take a while (creating the embedded database), for progress lines. */
  onPhase?: (phase: string) => void;
  /**
   * When this process owns the embedded folder and closes it while other perx commands still use it
   * through its socket: how long they get to finish before their connections are cut. Default a minute;
   * a server stopping on a signal gives a few seconds.
   */
  ownerGraceMs?: number;
}

/**
 * Opens the configured engine and brings its schema up to date: a PostgreSQL server when DATABASE_URL is
 * set; otherwise the embedded database in PERX_DATA_DIR, through the perx process that owns the folder
 * when one runs (`perx run` serving the dashboard, say), or else owned by this process for as long as the
 * database stays open. Either way every query goes through pg, the one driver.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databasePoolSize'>> & OpenOptions,
): Promise<Database> {
  const database = config.databaseUrl
    ? await openPostgres({ connectionString: config.databaseUrl, maxConnections: config.databasePoolSize })
    : await openEmbedded({ ...config, dataDir: config.dataDir });
  try {
    await migrate(database);
    const cleared = await clearAbandonedRuns(database);
    if (cleared.ingestRuns.length + cleared.reportRuns.length > 0) {
      config.onPhase?.(
        `cleared what a process that died left unfinished: ingest runs [${cleared.ingestRuns.join(', ')}] marked abandoned, report runs [${cleared.reportRuns.join(', ')}] removed`,
      );
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** How long a client waits for an owner that has locked the folder to start serving it. */
const ownerStartWaitMs = 60_000;

async function openEmbedded(options: OpenOptions): Promise<Database> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const connect = (socketDirectory: string, owned?: { onClose: () => Promise<void>; busy: () => boolean }) =>
    openPostgres({
      socketDirectory,
      engine: 'pglite',
      maxConnections: options.databasePoolSize,
      ...owned,
    });
  const deadline = Date.now() + ownerStartWaitMs;
  for (;;) {
    const owner = dataDir === undefined ? undefined : readLock(dataDir);
    if (owner?.socket !== undefined && ownerIsAlive(owner)) {
      try {
        return await connect(dirname(owner.socket));
      } catch (error) {
        // The owner may still be starting (its socket not yet listening), or have just stopped.
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
    }
    try {
      const started = await startEmbeddedOwner({
        ...(dataDir === undefined ? {} : { dataDir }),
        ...(options.onPhase ? { onPhase: options.onPhase } : {}),
      });
      const graceMs = options.ownerGraceMs ?? 60_000;
      return await connect(started.socketDirectory, {
        async onClose() {
          // This process's own connections are closing too; those still open a moment later are others'.
          const notice = setTimeout(() => {
            if (started.connectionCount > 0 && dataDir !== undefined) {
              options.onPhase?.(
                `waiting up to ${Math.round(graceMs / 1000)} s for ${started.connectionCount} other perx command(s) using ${dataDir} to finish`,
              );
            }
          }, 250);
          try {
            await started.close(graceMs);
          } finally {
            clearTimeout(notice);
          }
        },
        busy: () => started.busy,
      }).catch(async (error: unknown) => {
        await started.close(0);
        throw error;
      });
    } catch (error) {
      // Another process took the folder first: use the database through it once it serves. A lock of an
      // earlier version of perx names no socket: that process must be stopped first.
      if (!(error instanceof InUseError) || error.owner.socket === undefined || Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
