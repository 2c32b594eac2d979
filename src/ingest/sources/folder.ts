import { join } from 'node:path';
import { PerxError } from '../../errors.js';
import { findPointerFiles } from './lfs-pointer.js';
import type { ResolvedSource } from './resolved-source.js';

/**
 * A local folder is read where it is and never written to. Its pointer files cannot be replaced in
 * place, so they are an error that says how to get the data instead.
 */
export async function resolveFolderSource(path: string, description: string): Promise<ResolvedSource> {
  const pointers = await findPointerFiles(path, (name) => join(description, name));
  if (pointers.length > 0) {
    const labels = pointers.map((file) => file.label).join(', ');
    throw new PerxError(
      `${labels} ${pointers.length === 1 ? 'is a Git LFS pointer' : 'are Git LFS pointers'}, not data: give the git repository itself as the source (its LFS objects are then fetched), or run git lfs pull in it first`,
    );
  }
  return { description, folder: path, kind: 'folder' };
}
