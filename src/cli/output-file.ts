import { access } from 'node:fs/promises';
import { PerxError } from '../errors.js';

/**
 * The rule of every command that writes files (report --out, export, generate): an existing file is
 * refused unless --force, checked before the database opens, so a typo never replaces yesterday's file.
 */
export async function refuseExisting(path: string, force: boolean): Promise<void> {
  if (force) return;
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (exists) throw new PerxError(`${path} already exists: pass --force to overwrite it`);
}

/** The one line report --out and export print on stderr once a file is complete. */
export function printWritten(
  written: { path: string; count: number; noun: 'rows' | 'records'; bytes: number },
  began: number,
): void {
  const seconds = (performance.now() - began) / 1000;
  console.error(
    `wrote ${written.count} ${written.noun} (${written.bytes} bytes) to ${written.path} in ${seconds.toFixed(2)} s`,
  );
}
