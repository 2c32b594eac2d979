import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PerxError } from '../errors.js';

/**
 * PGlite corrupts a data folder that two processes open at once, so the folder carries a lock file with
 * the owner's pid. A lock whose process is gone is stale and taken over.
 */
export interface FolderLock {
  release(): void;
}

const lockFileName = 'perx.lock';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function lockFolder(folder: string): FolderLock {
  mkdirSync(folder, { recursive: true });
  const lockPath = join(folder, lockFileName);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (readOwner(lockPath) === process.pid) rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(lockPath);
      if (owner !== undefined && owner !== process.pid && processIsAlive(owner)) {
        throw new PerxError(
          `database folder ${folder} is in use by process ${owner}; stop that process or set PERX_DATA_DIR to another folder`,
        );
      }
      if (owner === process.pid) {
        throw new PerxError(`database folder ${folder} is already open in this process`);
      }
      // The owner is gone (or the file is half written): the lock is stale.
      rmSync(lockPath, { force: true });
    }
  }
  throw new PerxError(`could not lock database folder ${folder}: another process keeps taking the lock`);
}
