import { readFileSync } from 'node:fs';

/**
 * A process as another one can recognize it later: its pid and, on Linux, its start time and the boot it
 * started in, so that a pid reused since (node is pid 1 in every fresh container) is not taken for it.
 */
export interface ProcessIdentity {
  pid: number;
  /** /proc/<pid>/stat's starttime. */
  startTime?: string | undefined;
  bootId?: string | undefined;
}

function readProcFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat, counted after the command name (which may hold spaces and parentheses). */
function processStartTime(pid: number): string | undefined {
  const stat = readProcFile(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

const bootId = () => readProcFile('/proc/sys/kernel/random/boot_id')?.trim();

export function processIdentity(): ProcessIdentity {
  return { pid: process.pid, startTime: processStartTime(process.pid), bootId: bootId() };
}

/** Whether the process still runs on this machine: the same pid, start time and boot when /proc tells. */
export function processIsAlive(identity: ProcessIdentity): boolean {
  if (identity.pid <= 0) return false;
  if (identity.startTime !== undefined && identity.bootId !== undefined && bootId() !== undefined) {
    return identity.bootId === bootId() && processStartTime(identity.pid) === identity.startTime;
  }
  try {
    process.kill(identity.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
