import { z } from 'zod';

/**
 * The files a listing downloads as, written by the same writers as `perx report --format`. Without a
 * format the API answers its JSON envelope (rows plus what they were computed from); `json` is the bare
 * array the CLI writes.
 */
export const downloadFormats = ['csv', 'json', 'ndjson'] as const;
export type DownloadFormat = (typeof downloadFormats)[number];

export const downloadFormatParam = z
  .enum(downloadFormats, { error: `expected one of ${downloadFormats.join(', ')}` })
  .optional();
