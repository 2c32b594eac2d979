import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PerxError } from '../../errors.js';
import { datasetFileNames } from '../dataset-files.js';
import { cacheFolderName, partialPath } from './cache-folder.js';
import { httpRequest, HttpStatusError } from './http-client.js';
import { lfsEndpointForBaseUrl } from './lfs-endpoint.js';
import { resolveLfsPointers, type LfsSettings } from './lfs-objects.js';
import { findPointerFiles } from './lfs-pointer.js';
import type { ResolvedSource } from './resolved-source.js';
import { writeStreamedFile } from './streamed-file.js';
import { maskCredentials } from '../../config/credentials.js';

export interface HttpsSourceSettings extends LfsSettings {
  lfsUrl?: string;
}

/**
 * A base URL: each of the five files is fetched by name (`<base>/campaign.csv`, ...; the base's query
 * string, if any, is kept) and streamed to disk. The files are gathered in a fresh folder that replaces
 * `<cacheDir>/https/<name>-<hash of URL>` only once all five are complete and free of pointers, so the
 * folder always holds one whole download.
 */
export async function resolveHttpsSource(
  baseUrl: string,
  description: string,
  settings: HttpsSourceSettings,
): Promise<ResolvedSource> {
  const cacheRoot = join(settings.cacheDir, 'https');
  await mkdir(cacheRoot, { recursive: true });
  const folder = join(cacheRoot, cacheFolderName(baseUrl));
  const staging = partialPath(folder);
  await mkdir(staging);
  try {
    for (const name of datasetFileNames) {
      const url = fileUrl(baseUrl, name);
      const { chunks } = await httpRequest(url, {}, settings).catch((error: unknown) => {
        throw withRepositoryHint(error, description);
      });
      await writeStreamedFile(chunks, join(staging, name));
    }
    const pointers = await findPointerFiles(staging, (name) => maskCredentials(fileUrl(baseUrl, name)));
    if (pointers.length > 0) {
      await resolveLfsPointers(pointers, lfsEndpointForBaseUrl(baseUrl, settings.lfsUrl), settings);
    }
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { description, folder, kind: 'https' };
}

function fileUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/*$/, '')}/${encodeURIComponent(name)}`;
  url.hash = '';
  return url.href;
}

/** A repository page URL without `.git` is read as a base URL; a 404 then most likely means that. */
function withRepositoryHint(error: unknown, description: string): unknown {
  if (error instanceof HttpStatusError && error.status === 404) {
    return new PerxError(
      `${error.message} (if ${description} is a git repository, give its URL ending in .git)`,
      { cause: error },
    );
  }
  return error;
}
