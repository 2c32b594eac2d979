import { z } from 'zod';

/**
 * The files a listing downloads as, every matching row, written by the same writers as `perx report
 * --format`. JSON is not one of them: without a format the API answers JSON already, one page in the
 * listing's envelope, and a second JSON shape (the bare array the CLI writes) would only be a trap.
 */
export const downloadFormats = ['csv', 'ndjson'] as const;
export type DownloadFormat = (typeof downloadFormats)[number];

export const downloadFormatMessage =
  `expected ${downloadFormats.join(' or ')} (a download of every matching row); ` +
  'without format the answer is JSON: one page of {params, source, total, limit, offset, rows}';

export const downloadFormatParam = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.enum(downloadFormats, { error: downloadFormatMessage }).optional(),
);
