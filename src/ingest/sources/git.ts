import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheFolderName, partialPath } from './cache-folder.js';
import { findDatasetFolder } from './dataset-folder.js';
import { runGit } from './git-command.js';
import { lfsEndpointForGit } from './lfs-endpoint.js';
import { resolveLfsPointers, type LfsSettings } from './lfs-objects.js';
import { findPointerFiles } from './lfs-pointer.js';
import type { ResolvedSource } from './resolved-source.js';
import { splitCredentials } from './url-credentials.js';

export interface GitSourceSettings extends LfsSettings {
  lfsUrl?: string;
}

/**
 * A git repository: a shallow clone of its default branch in `<cacheDir>/git/<name>-<hash of URL>`,
 * refreshed by a shallow fetch on later runs, with its data set found under data/ or at the root and
 * its LFS pointers replaced by their content. The clone is of what is committed: uncommitted changes
 * in a local repository are not seen.
 */
export async function resolveGitSource(
  remote: { url: string; localRepository?: string },
  description: string,
  settings: GitSourceSettings,
): Promise<ResolvedSource> {
  const workTree = await cloneOrRefresh(remote.url, join(settings.cacheDir, 'git'), description);
  const { folder, prefix } = await findDatasetFolder(workTree, description);
  const pointers = await findPointerFiles(folder, (name) => `${prefix}${name}`);
  if (pointers.length > 0) {
    const endpoint = await lfsEndpointForGit(remote, workTree, settings.lfsUrl);
    await resolveLfsPointers(pointers, endpoint, settings);
  }
  const { stdout } = await runGit([...repositoryArgs(workTree), 'rev-parse', 'HEAD'], {
    task: `read the commit of the clone of ${description}`,
  });
  return { description, folder, kind: 'git', revision: stdout.trim() };
}

async function cloneOrRefresh(url: string, cacheRoot: string, description: string): Promise<string> {
  await mkdir(cacheRoot, { recursive: true });
  const workTree = join(cacheRoot, cacheFolderName(url));
  if ((await stat(join(workTree, '.git', 'HEAD')).catch(() => undefined))?.isFile()) {
    try {
      await refresh(workTree, url, description);
      return workTree;
    } catch {
      // A damaged clone is replaced by a fresh one; if the remote is unreachable, the clone below fails
      // too, with git's own message.
    }
  }
  const partial = partialPath(workTree);
  try {
    await runGit(['clone', '--depth', '1', '--no-tags', '--quiet', '--', url, partial], {
      task: `clone ${description}`,
    });
    // Later runs fetch from the URL they are given, so the clone's config need not keep a password.
    await runGit([...repositoryArgs(partial), 'config', 'remote.origin.url', withoutPassword(url)], {
      task: `record the remote of ${description}`,
    });
    await rm(workTree, { recursive: true, force: true });
    await rename(partial, workTree);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  return workTree;
}

/**
 * Fetches the remote's current default branch into the existing clone and checks it out, which also
 * puts back any pointer file an earlier run replaced with its content.
 */
async function refresh(workTree: string, url: string, description: string): Promise<void> {
  const repository = repositoryArgs(workTree);
  await runGit([...repository, 'fetch', '--depth', '1', '--no-tags', '--quiet', '--', url, 'HEAD'], {
    task: `fetch ${description}`,
  });
  await runGit([...repository, 'reset', '--hard', '--quiet', 'FETCH_HEAD'], {
    task: `check out the fetched commit of ${description}`,
  });
}

/**
 * Names the clone's git folder explicitly: the cache may sit inside another repository (the project's
 * own), and git must never walk up into it.
 */
function repositoryArgs(workTree: string): string[] {
  return ['--git-dir', join(workTree, '.git'), '--work-tree', workTree];
}

function withoutPassword(url: string): string {
  return /^https?:\/\//i.test(url) ? splitCredentials(url).url : url;
}
