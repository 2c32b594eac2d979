import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { PerxError } from '../../errors.js';
import { datasetFileNames } from '../dataset-files.js';

/**
 * The folder of a repository that holds the data set: `data/` when it holds all five files, else the
 * root when it does. The files must be regular files: a repository is someone else's content, and a
 * symbolic link in it could point anywhere on this machine.
 */
export async function findDatasetFolder(
  root: string,
  repositoryLabel: string,
): Promise<{ folder: string; prefix: string }> {
  const problems: string[] = [];
  for (const prefix of ['data/', '']) {
    const folder = prefix === '' ? root : join(root, 'data');
    const lacking: string[] = [];
    for (const name of datasetFileNames) {
      const info = await lstat(join(folder, name)).catch(() => undefined);
      if (info?.isFile()) continue;
      lacking.push(info?.isSymbolicLink() ? `${name} (a symbolic link, which is not followed)` : name);
    }
    if (lacking.length === 0) return { folder, prefix };
    problems.push(`${prefix === '' ? 'at the root' : `under ${prefix}`} it lacks ${lacking.join(', ')}`);
  }
  throw new PerxError(
    `the repository ${repositoryLabel} holds no complete data set (${datasetFileNames.join(', ')}): ${problems.join('; ')}`,
  );
}
