import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { makePrivate, prepareFolder } from './database-folder.js';
import { EmbeddedServer } from './embedded-server.js';
import { lockFolder, type FolderLock } from './folder-lock.js';
import { PGliteEngine } from './pglite-engine.js';

/**
 * The process that owns an embedded database folder: it holds the folder's lock, runs PGlite in a worker
 * thread and serves it on a Unix socket, which its own queries use too. Other perx commands find the
 * socket in the lock and connect to it instead of opening the folder (open.ts).
 */
export interface EmbeddedOwner {
  /** The folder pg is given as `host` (it connects to <host>/.s.PGSQL.5432). */
  readonly socketDirectory: string;
  readonly engine: PGliteEngine;
  /** Connections to the socket now, this process's own included. */
  readonly connectionCount: number;
  /** Whether a new statement would wait: one runs now, or a connection's open transaction holds the database. */
  readonly busy: boolean;
  /**
   * Stops serving and closes the database cleanly. Other commands still connected get `graceMs` to finish
   * (Infinity: as long as they need); then their connections are cut and their transactions rolled back.
   */
  close(graceMs: number): Promise<void>;
}

/** pg reaches a server on a Unix socket as <directory>/.s.PGSQL.<port>. */
export const socketPort = 5432;
const socketFile = `.s.PGSQL.${socketPort}`;
/** A Unix socket path is at most 107 bytes on Linux; a longer folder's socket lives in the temp folder. */
const maxSocketPath = 100;

function socketPathFor(folder: string | undefined): string {
  if (folder !== undefined && join(folder, socketFile).length <= maxSocketPath)
    return join(folder, socketFile);
  const directory =
    folder === undefined
      ? mkdtempSync(join(tmpdir(), 'perx-'))
      : join(tmpdir(), `perx-${createHash('sha256').update(folder).digest('hex').slice(0, 16)}`);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  return join(directory, socketFile);
}

export interface OwnerOptions {
  /** A folder on disk; undefined for a database in memory (tests). */
  dataDir?: string;
  /** Told each step of a start that takes a while, for a command's progress lines. */
  onPhase?: (phase: string) => void;
}

/** Takes the folder (InUseError when another process owns it), starts the database and serves it. */
export async function startEmbeddedOwner(options: OwnerOptions): Promise<EmbeddedOwner> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const socketPath = socketPathFor(dataDir);
  const lock: FolderLock | undefined = dataDir === undefined ? undefined : lockFolder(dataDir, socketPath);
  let engine: PGliteEngine | undefined;
  try {
    if (dataDir !== undefined) {
      const prepared = prepareFolder(dataDir);
      if (prepared === 'template') options.onPhase?.(`created the database in ${dataDir}`);
      if (prepared === 'initdb') {
        options.onPhase?.(`creating the database in ${dataDir} (the first time takes about 10 s)`);
      }
      makePrivate(dataDir);
    }
    engine = await PGliteEngine.start(dataDir === undefined ? {} : { dataDir });
    // A database PGlite just created has files of its own making (0666).
    if (dataDir !== undefined) makePrivate(dataDir);
    const server = await EmbeddedServer.listen(engine, socketPath);
    const running = engine;
    return {
      socketDirectory: dirname(socketPath),
      engine: running,
      get connectionCount() {
        return server.connectionCount;
      },
      get busy() {
        return running.busySince !== undefined || server.held;
      },
      async close(graceMs) {
        try {
          await server.close(graceMs);
          await running.close();
        } finally {
          lock?.release();
          if (dataDir === undefined) rmSync(dirname(socketPath), { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await engine?.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}
