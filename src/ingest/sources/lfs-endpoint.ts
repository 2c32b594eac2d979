import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runGit } from './git-command.js';
import { maskCredentials } from '../../config/credentials.js';

/**
 * Where the content behind a source's pointers comes from:
 * - an LFS server, asked through its batch API;
 * - the LFS store of a repository on this disk (`.git/lfs/objects`), which is where git-lfs keeps the
 *   objects of a repository it has checked out;
 * - nowhere, with the reason, so the error can say why the pointers stay pointers.
 */
export type LfsEndpoint =
  | { kind: 'server'; url: string; origin: string }
  | { kind: 'local-store'; objectsFolder: string; repository: string }
  | { kind: 'none'; reason: string };

const setEndpointHint =
  'set PERX_LFS_URL (or the lfsUrl option) to the LFS endpoint, such as https://host/owner/repo.git/info/lfs';

/**
 * A git source's LFS endpoint, first found wins (git-lfs's own order, with PERX_LFS_URL in the place of
 * the user's git config):
 * 1. the lfsUrl option or PERX_LFS_URL;
 * 2. `lfs.url`, then `remote.origin.lfsurl`, in the cloned repository's `.lfsconfig`;
 * 3. for an http(s) remote, `<remote>.git/info/lfs` (`.git` appended only when missing);
 * 4. for a repository on this disk (a path or file:// URL), its own LFS store.
 * An ssh or git:// remote has no endpoint otherwise: git-lfs would ask the server over ssh, which this
 * program does not do.
 */
export async function lfsEndpointForGit(
  remote: { url: string; localRepository?: string },
  workTree: string,
  configured: string | undefined,
): Promise<LfsEndpoint> {
  if (configured !== undefined)
    return { kind: 'server', url: configured, origin: 'the lfsUrl option (PERX_LFS_URL)' };
  const fromLfsConfig = await readLfsConfig(join(workTree, '.lfsconfig'));
  if (fromLfsConfig) return fromLfsConfig;
  const shown = maskCredentials(remote.url);
  if (remote.localRepository !== undefined) {
    return {
      kind: 'local-store',
      objectsFolder: await localObjectsFolder(remote.localRepository),
      repository: shown,
    };
  }
  if (/^https?:\/\//i.test(remote.url)) {
    return { kind: 'server', url: lfsUrlOfRemote(remote.url), origin: `the remote ${shown}` };
  }
  const guess = httpsGuessForSsh(remote.url);
  return {
    kind: 'none',
    reason: `the repository ${shown} is not reached over https, so its LFS batch API is unknown; ${setEndpointHint}${guess === undefined ? '' : ` (probably ${guess})`}`,
  };
}

/**
 * A base URL's LFS endpoint: the lfsUrl option or PERX_LFS_URL, else one derived from the raw-file URL
 * of a known git host, else none. Known patterns:
 * - https://raw.githubusercontent.com/<owner>/<repo>/<ref>/...  -> https://github.com/<owner>/<repo>.git/info/lfs
 * - https://github.com/<owner>/<repo>/raw/<ref>/...             -> the same
 * - https://<host>/<group...>/<repo>/-/raw/<ref>/... (GitLab)   -> https://<host>/<group...>/<repo>.git/info/lfs
 */
export function lfsEndpointForBaseUrl(baseUrl: string, configured: string | undefined): LfsEndpoint {
  if (configured !== undefined)
    return { kind: 'server', url: configured, origin: 'the lfsUrl option (PERX_LFS_URL)' };
  const derived = lfsUrlOfRawUrl(baseUrl);
  if (derived !== undefined)
    return { kind: 'server', url: derived, origin: `the raw-file URL ${maskCredentials(baseUrl)}` };
  return {
    kind: 'none',
    reason: `the base URL ${maskCredentials(baseUrl)} is not a git repository, so its LFS endpoint is unknown; ${setEndpointHint}`,
  };
}

/** `<remote>.git/info/lfs`, the convention every git host follows. */
export function lfsUrlOfRemote(remoteUrl: string): string {
  const trimmed = remoteUrl.replace(/\/+$/, '');
  return `${trimmed.endsWith('.git') ? trimmed : `${trimmed}.git`}/info/lfs`;
}

export function lfsUrlOfRawUrl(baseUrl: string): string | undefined {
  const url = new URL(baseUrl);
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const [owner, repository] = segments;
  if (owner !== undefined && repository !== undefined) {
    if (url.hostname === 'raw.githubusercontent.com' && segments.length >= 3) {
      return `https://github.com/${owner}/${repository}.git/info/lfs`;
    }
    if (url.hostname === 'github.com' && segments[2] === 'raw') {
      return `https://github.com/${owner}/${repository}.git/info/lfs`;
    }
  }
  const dash = segments.indexOf('-');
  if (dash >= 2 && segments[dash + 1] === 'raw') {
    const repositoryUrl = new URL(url.href);
    repositoryUrl.pathname = `/${segments.slice(0, dash).join('/')}`;
    repositoryUrl.search = '';
    repositoryUrl.hash = '';
    return lfsUrlOfRemote(repositoryUrl.href);
  }
  return undefined;
}

async function readLfsConfig(path: string): Promise<LfsEndpoint | undefined> {
  if (!(await stat(path).catch(() => undefined))?.isFile()) return undefined;
  for (const key of ['lfs.url', 'remote.origin.lfsurl']) {
    // git reads its own config syntax; --file with no --includes keeps the repository's file self-contained.
    const { exitCode, stdout } = await runGit(['config', '--file', path, '--get', key], {
      task: `read ${key} from ${path}`,
      acceptExitCodes: [1],
    });
    const value = stdout.trim();
    if (exitCode !== 0 || value === '') continue;
    if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) {
      return {
        kind: 'none',
        reason: `the repository's .lfsconfig sets ${key} to ${maskCredentials(value)}, which is not an http(s) URL; ${setEndpointHint}`,
      };
    }
    return { kind: 'server', url: value, origin: `${key} in the repository's .lfsconfig` };
  }
  return undefined;
}

/** The objects folder of a local repository's LFS store, found by git itself (work tree, worktree or bare). */
async function localObjectsFolder(repository: string): Promise<string> {
  const { stdout } = await runGit(
    ['-C', repository, 'rev-parse', '--path-format=absolute', '--git-common-dir'],
    { task: `find the git folder of ${repository}`, env: { GIT_CEILING_DIRECTORIES: dirname(repository) } },
  );
  return join(stdout.trim(), 'lfs', 'objects');
}

/** The https URL git-lfs itself would try for an ssh remote, to suggest in the message. */
function httpsGuessForSsh(remoteUrl: string): string | undefined {
  const scp = /^[^\s/@:]+@([^\s/:]+):\/*(.+)$/.exec(remoteUrl);
  if (scp) return lfsUrlOfRemote(`https://${scp[1]}/${scp[2]}`);
  if (!URL.canParse(remoteUrl)) return undefined;
  const url = new URL(remoteUrl);
  if (url.protocol !== 'ssh:' && url.protocol !== 'git:') return undefined;
  return lfsUrlOfRemote(`https://${url.hostname}${url.pathname}`);
}
