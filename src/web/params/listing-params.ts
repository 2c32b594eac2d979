import { z } from 'zod';
import { sessionParamsSchema } from '../../reports/index.js';
import { defaultSessionPageSize } from '../report-data/sessions-data.js';
import { downloadFormatParam } from './download-format.js';

/** A page of any listing holds as many rows as a page of sessions unless the request says otherwise. */
export const defaultPageSize = defaultSessionPageSize;

/**
 * What every API listing takes besides its report's own parameters: a page (limit and offset, checked as
 * the CLI checks them for sessions) and a download format. A download holds every matching row; limit and
 * offset narrow it only when given.
 */
export const listingParamsSchema = z.object({
  limit: sessionParamsSchema.shape.limit,
  offset: sessionParamsSchema.shape.offset,
  format: downloadFormatParam,
});

export type ListingParams = z.output<typeof listingParamsSchema>;

/** The rows of one page, and how many there are in all. */
export function pageOf<Row>(
  rows: readonly Row[],
  { limit, offset }: Pick<ListingParams, 'limit' | 'offset'>,
): { total: number; limit: number; offset: number; rows: Row[] } {
  const size = limit ?? defaultPageSize;
  return { total: rows.length, limit: size, offset, rows: rows.slice(offset, offset + size) };
}

/** A download's rows narrowed by limit and offset when they were given; every row otherwise. */
export async function* windowOf<Row>(
  rows: AsyncIterable<Row>,
  { limit, offset }: Pick<ListingParams, 'limit' | 'offset'>,
): AsyncGenerator<Row> {
  if (limit === undefined && offset === 0) {
    yield* rows;
    return;
  }
  let index = 0;
  const end = limit === undefined ? Infinity : offset + limit;
  for await (const row of rows) {
    if (index >= end) return;
    if (index >= offset) yield row;
    index += 1;
  }
}
