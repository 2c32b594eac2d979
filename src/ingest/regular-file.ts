import type { Stats } from 'node:fs';
import { InputError } from '../errors.js';

/**
 * A data file must be a regular file. Reading a FIFO blocks until something writes to it (forever, for
 * an ingest), and a device or socket is never a data set, so anything else is refused before a read.
 */
export function assertRegularFile(path: string, info: Stats): void {
  if (info.isFile()) return;
  const kind = info.isDirectory()
    ? 'a directory'
    : info.isFIFO()
      ? 'a FIFO (named pipe)'
      : info.isSocket()
        ? 'a socket'
        : info.isCharacterDevice() || info.isBlockDevice()
          ? 'a device'
          : 'not a regular file';
  throw new InputError(
    path,
    undefined,
    `is ${kind}, not a regular file: a data set file must be a regular file`,
  );
}
