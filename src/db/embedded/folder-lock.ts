import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PerxError } from '../../errors.js';
import { processIdentity, processIsAlive, type ProcessIdentity } from '../process-identity.js';

/**
 * One process owns an embedded database folder (PGlite corrupts a folder two processes open), and the
 * others reach the database through it (embedded-owner.ts). The owner is named in `perx.lock`: its pid,
 * and on Linux its process start time and the boot it started in, so a lock left by a process that died
 * is always recognized as such, even when the pid has been reused since (node is pid 1 in every fresh
 * container), and a random token. The record also says where the owner serves the database.
 */
export interface LockRecord extends ProcessIdentity {
  token: string;
  /** The Unix socket the owner serves the database on. */
  socket?: string;
}

export interface FolderLock {
  readonly record: LockRecord;
  release(): void;
}

const lockFileName = 'perx.lock';
/** Held (a file created exclusively) while a process replaces a dead owner's lock, so only one does. */
const takeoverFileName = 'perx.lock.takeover';
/** A takeover file older than this was left by a process that died mid-takeover. */
const staleTakeoverMs = 10_000;

/** This process, as a lock names it. */
function thisProcess(socket: string | undefined): LockRecord {
  return {
    ...processIdentity(),
    token: randomBytes(12).toString('hex'),
    ...(socket === undefined ? {} : { socket }),
  };
}

/** Whether the process a lock names still runs: the same pid, start time and boot when /proc tells. */
export function ownerIsAlive(record: LockRecord): boolean {
  return processIsAlive(record);
}

/** The lock's record; a lock written by an earlier version holds only a pid. */
export function readLock(folder: string): LockRecord | undefined {
  let text: string;
  try {
    text = readFileSync(join(folder, lockFileName), 'utf8');
  } catch {
    return undefined;
  }
  const legacyPid = /^\s*(\d+)\s*$/.exec(text)?.[1];
  if (legacyPid !== undefined) return { pid: Number(legacyPid), token: `pid-${legacyPid}` };
  try {
    const record = JSON.parse(text) as LockRecord;
    if (Number.isInteger(record.pid) && record.pid > 0) return record;
  } catch {
    // Not JSON: see below.
  }
  // Half written (the writer died between creating and writing it): nobody's.
  return { pid: 0, token: 'unreadable' };
}

/** Creates a file holding `text` only if no file is at `path` (write a private file, then link it). */
function createExclusively(path: string, text: string): boolean {
  const draft = `${path}.${randomBytes(6).toString('hex')}`;
  const fd = openSync(draft, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** Replaces the lock of a dead owner with ours, if it is still that dead owner's; true when it did. */
function takeOver(folder: string, dead: LockRecord, text: string): boolean {
  const takeoverPath = join(folder, takeoverFileName);
  try {
    if (Date.now() - statSync(takeoverPath).mtimeMs > staleTakeoverMs) rmSync(takeoverPath, { force: true });
  } catch {
    // No takeover under way.
  }
  if (!createExclusively(takeoverPath, String(process.pid))) return false;
  try {
    if (readLock(folder)?.token !== dead.token) return false;
    rmSync(join(folder, lockFileName), { force: true });
    return createExclusively(join(folder, lockFileName), text);
  } finally {
    rmSync(takeoverPath, { force: true });
  }
}

/**
 * Takes the folder's lock for this process, recording the socket it will serve on; a lock whose owner is
 * gone is taken over. Throws InUseError, naming the live owner, when another process holds it.
 */
export function lockFolder(folder: string, socket: string | undefined): FolderLock {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const record = thisProcess(socket);
  const text = JSON.stringify(record);
  const lockPath = join(folder, lockFileName);
  const acquired = (): FolderLock => {
    let released = false;
    return {
      record,
      release() {
        if (released) return;
        released = true;
        if (readLock(folder)?.token === record.token) rmSync(lockPath, { force: true });
      },
    };
  };
  for (let attempt = 0; attempt < 10; attempt++) {
    if (createExclusively(lockPath, text)) return acquired();
    const owner = readLock(folder);
    if (owner === undefined) continue;
    if (owner.pid === process.pid && ownerIsAlive(owner)) {
      throw new PerxError(`database folder ${folder} is already open in this process`);
    }
    if (ownerIsAlive(owner)) throw new InUseError(folder, owner);
    if (takeOver(folder, owner, text)) return acquired();
  }
  throw new PerxError(`could not lock database folder ${folder}: another process keeps taking the lock`);
}

/** The folder is locked by a live process: reach the database through it (its socket). */
export class InUseError extends PerxError {
  constructor(
    readonly folder: string,
    readonly owner: LockRecord,
  ) {
    super(
      `database folder ${folder} is in use by process ${owner.pid}${owner.socket === undefined ? ', an earlier version of perx: stop it, or set PERX_DATA_DIR to another folder' : ''}`,
    );
  }
}
