import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const author = {
  GIT_AUTHOR_NAME: 'Perx Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Perx Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Runs the real git in `cwd`; test repositories are made the way a user makes them. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { cwd, env: { ...process.env, ...author } });
  return stdout.trim();
}

/** A fresh repository at `folder` with one commit holding `files` (relative path -> content). */
export async function createRepository(
  folder: string,
  files: ReadonlyMap<string, Buffer | string>,
): Promise<string> {
  await mkdir(folder, { recursive: true });
  await git(folder, 'init', '--quiet', '--initial-branch', 'main');
  return commitFiles(folder, files, 'data set');
}

/** Writes and commits files; returns the new commit. */
export async function commitFiles(
  repository: string,
  files: ReadonlyMap<string, Buffer | string>,
  message: string,
): Promise<string> {
  for (const [path, content] of files) {
    await mkdir(dirname(join(repository, path)), { recursive: true });
    await writeFile(join(repository, path), content);
  }
  await git(repository, 'add', '--all');
  await git(repository, 'commit', '--quiet', '--message', message);
  return git(repository, 'rev-parse', 'HEAD');
}

/** Prefixes every file name with a folder, such as data/. */
export function underFolder<T>(prefix: string, files: ReadonlyMap<string, T>): Map<string, T> {
  return new Map([...files].map(([name, content]) => [`${prefix}${name}`, content]));
}
