import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError, PerxError } from '../../errors.js';
import { partialPath } from './cache-folder.js';
import { httpRequest, type HttpSettings } from './http-client.js';
import { requestLfsDownloads } from './lfs-batch.js';
import type { LfsEndpoint } from './lfs-endpoint.js';
import type { LfsPointer, PointerFile } from './lfs-pointer.js';
import { writeStreamedFile } from './streamed-file.js';
import { maskCredentials } from '../../config/credentials.js';

export interface LfsSettings extends HttpSettings {
  cacheDir: string;
}

/**
 * Replaces every pointer file with the content it stands for. Objects are kept in
 * `<cacheDir>/lfs/objects/<oid[0:2]>/<oid[2:4]>/<oid>` (git-lfs's layout), verified on the way in, so a
 * later run copies them from there without downloading again. When an object cannot be had, the error
 * names every pointer file that stays a pointer and why; a pointer is never left for the loader to read
 * as data without that error.
 */
export async function resolveLfsPointers(
  files: readonly PointerFile[],
  endpoint: LfsEndpoint,
  settings: LfsSettings,
): Promise<void> {
  const missing: PointerFile[] = [];
  for (const file of files) {
    if (!(await isCached(settings.cacheDir, file.pointer))) missing.push(file);
  }
  if (missing.length > 0) await fetchObjects(missing, endpoint, settings);
  for (const file of files)
    await replaceWithObject(file.path, lfsObjectPath(settings.cacheDir, file.pointer.oid));
}

export function lfsObjectPath(cacheDir: string, oid: string): string {
  return join(cacheDir, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid);
}

async function isCached(cacheDir: string, pointer: LfsPointer): Promise<boolean> {
  const info = await stat(lfsObjectPath(cacheDir, pointer.oid)).catch(() => undefined);
  return info?.isFile() === true && info.size === pointer.size;
}

async function fetchObjects(
  files: readonly PointerFile[],
  endpoint: LfsEndpoint,
  settings: LfsSettings,
): Promise<void> {
  switch (endpoint.kind) {
    case 'none':
      throw pointersError(files, endpoint.reason);
    case 'local-store':
      return copyFromLocalStore(files, endpoint, settings);
    case 'server':
      return downloadFromServer(files, endpoint, settings);
  }
}

async function downloadFromServer(
  files: readonly PointerFile[],
  endpoint: Extract<LfsEndpoint, { kind: 'server' }>,
  settings: LfsSettings,
): Promise<void> {
  const unique = new Map(files.map((file) => [file.pointer.oid, file.pointer]));
  let answers;
  try {
    answers = await requestLfsDownloads(endpoint.url, [...unique.values()], settings);
  } catch (error) {
    throw pointersError(files, `${(error as Error).message} (LFS endpoint from ${endpoint.origin})`, error);
  }
  const refused: string[] = [];
  const done = new Set<string>();
  for (const file of files) {
    const { oid } = file.pointer;
    if (done.has(oid)) continue;
    const answer = answers.get(oid);
    if (answer === undefined || 'error' in answer) {
      refused.push(
        `${file.label} (oid sha256:${oid}, size ${file.pointer.size}): ${answer?.error ?? 'no answer'}`,
      );
      continue;
    }
    const { href, header } = answer.download;
    try {
      const { chunks } = await httpRequest(href, { headers: header }, settings);
      await storeObject(chunks, file, maskCredentials(href), settings.cacheDir);
    } catch (error) {
      if (error instanceof InputError) throw error;
      const reason = `its Git LFS object could not be downloaded: ${(error as Error).message}`;
      throw new InputError(file.label, undefined, reason, { cause: error });
    }
    done.add(oid);
  }
  if (refused.length > 0) {
    throw new PerxError(
      `the Git LFS server at ${maskCredentials(endpoint.url)} (from ${endpoint.origin}) did not provide ${refused.join('; ')}`,
    );
  }
}

async function copyFromLocalStore(
  files: readonly PointerFile[],
  endpoint: Extract<LfsEndpoint, { kind: 'local-store' }>,
  settings: LfsSettings,
): Promise<void> {
  const absent: PointerFile[] = [];
  for (const file of files) {
    const source = join(
      endpoint.objectsFolder,
      file.pointer.oid.slice(0, 2),
      file.pointer.oid.slice(2, 4),
      file.pointer.oid,
    );
    if (!(await stat(source).catch(() => undefined))?.isFile()) {
      absent.push(file);
      continue;
    }
    await storeObject(createReadStream(source), file, source, settings.cacheDir);
  }
  if (absent.length > 0) {
    throw pointersError(
      absent,
      `the repository ${endpoint.repository} is on this disk, so it has no LFS server, and its LFS store ${endpoint.objectsFolder} does not hold the objects either; set lfs.url in the repository's .lfsconfig, or PERX_LFS_URL (the lfsUrl option), to its LFS endpoint`,
    );
  }
}

async function storeObject(
  chunks: AsyncIterable<Uint8Array>,
  file: PointerFile,
  origin: string,
  cacheDir: string,
): Promise<void> {
  const target = lfsObjectPath(cacheDir, file.pointer.oid);
  await mkdir(dirname(target), { recursive: true });
  await writeStreamedFile(chunks, target, { ...file.pointer, label: file.label, origin });
}

/** Copies under a temporary name, then renames, so the file is either the pointer or the whole content. */
async function replaceWithObject(path: string, objectPath: string): Promise<void> {
  const partial = partialPath(path);
  try {
    await copyFile(objectPath, partial);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

function pointersError(files: readonly PointerFile[], reason: string, cause?: unknown): PerxError {
  const described = files.map(
    (file) => `${file.label} (oid sha256:${file.pointer.oid}, size ${file.pointer.size})`,
  );
  const subject =
    files.length === 1
      ? `${described[0]} is a Git LFS pointer`
      : `${described.join(', ')} are Git LFS pointers`;
  return new PerxError(`${subject}, not data, and cannot be fetched: ${reason}`, { cause });
}
