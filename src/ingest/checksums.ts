import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { InputError } from '../errors.js';
import { assertRegularFile } from './regular-file.js';

export const checksumFileName = 'SHA256SUMS';

/** `sha256sum` output: the hash, a space, then a space (text mode) or "*" (binary mode), then the name. */
const checksumLine = /^([0-9a-fA-F]{64}) [ *](?:\.\/)?(.+)$/;

/**
 * The sha256 of each file named in the folder's SHA256SUMS, or undefined when the folder has none.
 * A line that is not `<sha256>  <name>` makes the whole list untrustworthy, so it fails the ingest.
 */
export async function readChecksums(folder: string): Promise<Map<string, string> | undefined> {
  const path = join(folder, checksumFileName);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return undefined;
  assertRegularFile(path, info);
  const checksums = new Map<string, string>();
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    const match = checksumLine.exec(text.trimEnd());
    if (!match) throw new InputError(path, line, 'expected "<sha256>  <file name>", as sha256sum writes it');
    checksums.set(match[2]!, match[1]!.toLowerCase());
  }
  return checksums;
}
