import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetFileNames } from '../dataset-files.js';
import { assertRegularFile } from '../regular-file.js';

/**
 * A Git LFS pointer stands in for a file's content in the repository:
 *
 *     version https://git-lfs.github.com/spec/v1
 *     oid sha256:<64 lowercase hex>
 *     size <bytes>
 *
 * Per the spec a pointer is smaller than 1024 bytes, starts with the version line, and lists its other
 * keys sorted (oid, size and optional ext-N-name keys). Like git-lfs, the reader is lenient with layout
 * (CRLF line ends, surrounding blanks, blank lines, runs of spaces between key and value) and strict with
 * content: anything that breaks the grammar is ordinary data, not a pointer.
 */
export interface LfsPointer {
  /** The sha256 of the content, lowercase hex. */
  oid: string;
  /** The content's length in bytes. */
  size: number;
}

/** Pointers are smaller than this; a larger file is data whatever it starts with. */
export const lfsPointerMaxBytes = 1024;

const knownVersions = new Set(['https://git-lfs.github.com/spec/v1', 'https://hawser.github.com/spec/v1']);
const keyValue = /^([a-z0-9.-]+)[ \t]+(\S(?:.*\S)?)$/;
const sha256Oid = /^sha256:([0-9a-f]{64})$/;
const extensionKey = /^ext-\d+-[a-z0-9.-]+$/;

export function parseLfsPointer(text: string): LfsPointer | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const entries: [string, string][] = [];
  for (const line of lines) {
    const match = keyValue.exec(line);
    if (!match) return undefined;
    entries.push([match[1]!, match[2]!]);
  }
  const [version, ...rest] = entries;
  if (version?.[0] !== 'version' || !knownVersions.has(version[1])) return undefined;

  let oid: string | undefined;
  let size: number | undefined;
  let previousKey = '';
  for (const [key, value] of rest) {
    if (key <= previousKey) return undefined;
    previousKey = key;
    if (key === 'oid') {
      oid = sha256Oid.exec(value)?.[1];
      if (oid === undefined) return undefined;
    } else if (key === 'size') {
      if (!/^\d+$/.test(value)) return undefined;
      size = Number(value);
      if (!Number.isSafeInteger(size)) return undefined;
    } else if (!extensionKey.test(key)) {
      return undefined;
    }
  }
  return oid === undefined || size === undefined ? undefined : { oid, size };
}

/** Reads only the head of the file: a pointer is small, and the data behind it may be large. */
export async function readLfsPointer(path: string): Promise<LfsPointer | undefined> {
  // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer; then refused.
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    assertRegularFile(path, await file.stat());
    const head = Buffer.alloc(lfsPointerMaxBytes);
    let length = 0;
    while (length < head.length) {
      const { bytesRead } = await file.read(head, length, head.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length >= lfsPointerMaxBytes) return undefined;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, length));
    } catch {
      return undefined;
    }
    return parseLfsPointer(text);
  } finally {
    await file.close();
  }
}

/** A data set file that turned out to be a pointer, with how to name it in messages. */
export interface PointerFile {
  path: string;
  label: string;
  pointer: LfsPointer;
}

/** The data set files in a folder that are pointers; files that do not exist are left to the loader. */
export async function findPointerFiles(
  folder: string,
  labelOf: (name: string) => string,
): Promise<PointerFile[]> {
  const found: PointerFile[] = [];
  for (const name of datasetFileNames) {
    const path = join(folder, name);
    const pointer = await readLfsPointer(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (pointer) found.push({ path, label: labelOf(name), pointer });
  }
  return found;
}
