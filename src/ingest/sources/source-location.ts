import { lstat, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PerxError, UsageError } from '../../errors.js';
import { maskCredentials } from '../../config/credentials.js';

/**
 * What a `--source` names, decided from its text alone except for local paths:
 * - `file://`, `ssh://`, `git://` URLs and git's scp-like `user@host:path` are git repositories;
 * - `http(s)://` URLs whose path ends in `.git` (or `.git/`) are git repositories, every other
 *   `http(s)://` URL is a base URL the five files are fetched from by name (`<base>/campaign.csv`, ...);
 * - a local path is a git repository when it holds `.git` or is a bare repository (HEAD, objects/,
 *   refs/), otherwise a plain folder of files.
 * A git repository on the local disk is cloned through its `file://` URL, so a path and its `file://`
 * URL share one cache and the clone is shallow (git ignores --depth for plain local paths).
 */
export type SourceLocation =
  | { kind: 'folder'; path: string }
  | { kind: 'git'; url: string; localRepository?: string }
  | { kind: 'https'; baseUrl: string };

const schemePrefix = /^([a-z][a-z0-9+.-]*):\/\//i;
const scpLike = /^[^\s/@:]+@[^\s/:]+:/;

export async function locateSource(spec: string): Promise<SourceLocation> {
  const scheme = schemePrefix.exec(spec)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (scpLike.test(spec)) return { kind: 'git', url: spec };
    return locateLocalPath(spec);
  }
  switch (scheme) {
    case 'file':
      return localRepository(fileUrlPath(spec));
    case 'ssh':
    case 'git':
      return { kind: 'git', url: spec };
    case 'http':
    case 'https': {
      const url = parseUrl(spec);
      return /\.git\/?$/.test(url.pathname) ? { kind: 'git', url: spec } : { kind: 'https', baseUrl: spec };
    }
    default:
      throw new UsageError(
        `source ${maskCredentials(spec)} uses the unsupported scheme ${scheme}: give a folder, a git URL (https, ssh, git, file, user@host:path) or an https base URL`,
      );
  }
}

async function locateLocalPath(spec: string): Promise<SourceLocation> {
  const path = resolve(spec);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new PerxError(`source ${spec} is not a folder, a git repository or a URL`);
  return (await isRepository(path)) ? localRepository(path) : { kind: 'folder', path };
}

function localRepository(path: string): SourceLocation {
  const absolute = resolve(path);
  return { kind: 'git', url: pathToFileURL(absolute).href, localRepository: absolute };
}

async function isRepository(path: string): Promise<boolean> {
  if (await lstat(join(path, '.git')).catch(() => undefined)) return true;
  const [head, objects, refs] = await Promise.all(
    ['HEAD', 'objects', 'refs'].map((name) => stat(join(path, name)).catch(() => undefined)),
  );
  return Boolean(head?.isFile() && objects?.isDirectory() && refs?.isDirectory());
}

function fileUrlPath(spec: string): string {
  try {
    return fileURLToPath(spec);
  } catch (error) {
    throw new UsageError(`source ${spec} is not a usable file:// URL: ${(error as Error).message}`);
  }
}

function parseUrl(spec: string): URL {
  try {
    return new URL(spec);
  } catch {
    throw new UsageError(`source ${maskCredentials(spec)} is not a valid URL`);
  }
}
