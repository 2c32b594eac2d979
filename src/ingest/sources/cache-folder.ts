import { createHash, randomUUID } from 'node:crypto';
import { maskCredentials } from '../../config/credentials.js';

/**
 * The cache folder of one remote source: a readable slug plus a hash of its URL, so every URL gets a
 * folder of its own and a later run finds it again. Credentials are left out of the key, so a new token
 * for the same repository reuses its clone.
 */
export function cacheFolderName(url: string): string {
  const key = maskCredentials(url);
  const lastSegment =
    key
      .replace(/(\.git)?\/*$/, '')
      .split(/[/:]/)
      .pop() ?? '';
  const slug = lastSegment.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 40) || 'source';
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `${slug}-${hash}`;
}

/**
 * Where a file or folder is written before it is renamed into place: same folder (so the rename is
 * atomic), unique per process and call, so nothing half-written ever sits under the final name.
 */
export function partialPath(finalPath: string): string {
  return `${finalPath}.${process.pid}.${randomUUID().slice(0, 8)}.partial`;
}
