import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../../errors.js';
import { partialPath } from './cache-folder.js';
import type { LfsPointer } from './lfs-pointer.js';

/** What a streamed file turned out to hold. */
export interface StreamedContent {
  oid: string;
  size: number;
}

/** The content a file must have, and how to name it when it does not. */
export interface ExpectedContent extends LfsPointer {
  /** The file as the user knows it (data/campaign.csv, a URL). */
  label: string;
  /** Where the bytes came from, for the mismatch message. */
  origin: string;
}

/**
 * Streams bytes to `target` while computing their sha256 and length, in bounded memory. The bytes land
 * under a temporary name first and are renamed to `target` only when complete and, if `expected` is
 * given, equal to it; on any failure the temporary file is removed, so `target` never holds a partial
 * or wrong download. A body longer than expected is cut off as soon as it passes the expected size.
 */
export async function writeStreamedFile(
  chunks: AsyncIterable<Uint8Array>,
  target: string,
  expected?: ExpectedContent,
): Promise<StreamedContent> {
  const partial = partialPath(target);
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      chunks,
      async function* (source: AsyncIterable<Uint8Array>) {
        for await (const chunk of source) {
          size += chunk.byteLength;
          if (expected && size > expected.size) {
            throw mismatch(expected, `more than ${expected.size} bytes`);
          }
          hash.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(partial, { flags: 'wx' }),
    );
    const oid = hash.digest('hex');
    if (expected && (oid !== expected.oid || size !== expected.size)) {
      throw mismatch(expected, `oid sha256:${oid} and size ${size}`);
    }
    await rename(partial, target);
    return { oid, size };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

function mismatch(expected: ExpectedContent, actual: string): InputError {
  return new InputError(
    expected.label,
    undefined,
    `the Git LFS object from ${expected.origin} does not match the pointer: expected oid sha256:${expected.oid} and size ${expected.size}, got ${actual}`,
  );
}
