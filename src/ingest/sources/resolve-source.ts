import { resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../errors.js';
import { resolveFolderSource } from './folder.js';
import { resolveGitSource } from './git.js';
import { resolveHttpsSource } from './https.js';
import type { ResolvedSource } from './resolved-source.js';
import { locateSource } from './source-location.js';
import { maskCredentials } from '../../config/credentials.js';

export type { ResolvedSource } from './resolved-source.js';

export interface ResolveOptions {
  /** Where clones and downloads are kept between runs. */
  cacheDir: string;
  /**
   * The Git LFS endpoint (the URL the batch API hangs off, `https://host/owner/repo.git/info/lfs`) for
   * sources whose own is unknown or wrong, such as a base URL. Default: env PERX_LFS_URL.
   */
  lfsUrl?: string;
  /** Longest wait, in milliseconds, for an HTTP server to answer or send the next chunk. Default 30 s. */
  timeoutMs?: number;
  /** The environment PERX_LFS_URL is read from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

const defaultTimeoutMs = 30_000;

const settingsSchema = z.object({
  cacheDir: z.string().min(1),
  lfsUrl: z
    .string()
    .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), {
      error: 'must be an http(s) URL',
    })
    .optional(),
  timeoutMs: z.number().int().positive().default(defaultTimeoutMs),
});

/**
 * Turns a source as the user wrote it into a local folder of the five files: a folder is used in place;
 * a git repository is cloned into the cache (or refreshed there); a base URL is downloaded into the
 * cache. Git LFS pointers are resolved through the LFS batch API.
 */
export async function resolveSource(spec: string, options: ResolveOptions): Promise<ResolvedSource> {
  const settings = validateOptions(options);
  const description = maskCredentials(spec);
  const location = await locateSource(spec);
  switch (location.kind) {
    case 'folder':
      return resolveFolderSource(location.path, description);
    case 'git':
      return resolveGitSource(location, description, settings);
    case 'https':
      return resolveHttpsSource(location.baseUrl, description, settings);
  }
}

function validateOptions(options: ResolveOptions): { cacheDir: string; lfsUrl?: string; timeoutMs: number } {
  const fromEnv = (options.env ?? process.env).PERX_LFS_URL;
  const parsed = settingsSchema.safeParse({
    cacheDir: options.cacheDir,
    lfsUrl: options.lfsUrl ?? (fromEnv === '' ? undefined : fromEnv),
    timeoutMs: options.timeoutMs,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `${key === 'lfsUrl' ? 'PERX_LFS_URL (lfsUrl)' : key}: ${issue.message}`;
    });
    throw new UsageError(`invalid source options: ${problems.join('; ')}`);
  }
  return { ...parsed.data, cacheDir: resolve(parsed.data.cacheDir) };
}
