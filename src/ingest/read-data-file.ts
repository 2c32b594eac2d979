import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { InputError, PerxError, errorMessage, interruption } from '../errors.js';
import type { DataFileInput } from './parsers/parsed-line.js';
import { lfsPointerMaxBytes, parseLfsPointer } from './sources/lfs-pointer.js';

/** What the bytes of a file read to its end add up to. */
export interface FileDigest {
  bytes: number;
  sha256: string;
}

/** Reading the file failed part-way; the loader adds the line it had reached. */
export class FileReadError extends Error {
  constructor(
    readonly path: string,
    readonly bytesRead: number,
    options: { cause: unknown },
  ) {
    super(`cannot read ${path} past byte ${bytesRead}: ${errorMessage(options.cause)}`, options);
    this.name = 'FileReadError';
  }
}

export interface OpenedDataFile {
  input: DataFileInput;
  /** The size and sha256 of the whole file; throws if the parser did not read it to the end. */
  digest(): FileDigest;
}

const lfsVersionLine = /^version https:\/\/(git-lfs\.github\.com|hawser\.github\.com)\/spec\//;
const readChunkBytes = 256 * 1024;

/**
 * Opens a data file for a parser: its bytes stream through once, and on the way the sha256 and size are
 * computed and `onBytes` hears of progress; an aborted `signal` stops the reading at the next chunk. A Git LFS pointer is refused at its first bytes, so a pointer
 * is never parsed as data.
 */
export function openDataFile(
  path: string,
  name: string,
  onBytes?: (bytes: number) => void,
  signal?: AbortSignal,
): OpenedDataFile {
  const hash = createHash('sha256');
  let bytes = 0;
  let complete = false;
  let digest: FileDigest | undefined;

  async function* chunks(): AsyncGenerator<Buffer> {
    const stream = createReadStream(path, { highWaterMark: readChunkBytes });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        // An interrupted ingest stops at the next chunk: the load fails and its transaction rolls back.
        if (signal?.aborted) throw interruption(signal);
        if (bytes === 0) refusePointer(path, chunk);
        hash.update(chunk);
        bytes += chunk.length;
        onBytes?.(bytes);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof PerxError) throw error;
      throw new FileReadError(path, bytes, { cause: error });
    } finally {
      stream.destroy();
    }
    complete = true;
  }

  return {
    input: { name, path, chunks: chunks() },
    digest() {
      if (!complete) throw new Error(`the parser of ${name} stopped before the end of the file`);
      digest ??= { bytes, sha256: hash.digest('hex') };
      return digest;
    },
  };
}

function refusePointer(path: string, head: Buffer): void {
  const start = head.subarray(0, lfsPointerMaxBytes).toString('utf8');
  if (!lfsVersionLine.test(start)) return;
  const pointer = head.length < lfsPointerMaxBytes ? parseLfsPointer(start) : undefined;
  const object = pointer ? ` for an object of ${pointer.size} bytes (oid sha256:${pointer.oid})` : '';
  throw new InputError(
    path,
    1,
    `this is a Git LFS pointer${object}, not the data: fetch the real file (git lfs pull), or ingest from the repository URL so the pointers are resolved`,
  );
}

/** The size and sha256 of a file, streamed. */
export async function hashFile(path: string): Promise<FileDigest> {
  const opened = openDataFile(path, path);
  // Only the digest is wanted; reading the chunks computes it.
  for await (const chunk of opened.input.chunks) void chunk;
  return opened.digest();
}
