import { z } from 'zod';
import { maxOffset, maxPageSize } from '../../reports/params.js';
import { parseQuery } from './parse-query.js';

const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value),
    z
      .number({ error: 'expected a whole number' })
      .int('expected a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );

const notGiven = (value: unknown) => (value === '' ? undefined : value);

/** Which rows of a table a page shows, and in what order: `sort` is a column, `-` in front descending. */
export interface TablePage<Sort extends string = string> {
  sort: Sort | undefined;
  limit: number;
  offset: number;
}

/**
 * The sort, limit and offset of a table on a page, checked like the API's: a sort key from the
 * table's own columns, at most 1000 rows a page.
 */
export function parseTablePage<Column extends string>(
  query: Readonly<Record<string, string | undefined>>,
  columns: readonly Column[],
  defaultLimit: number,
): TablePage<Column | `-${Column}`> {
  const sorts = [...columns, ...columns.map((column) => `-${column}` as const)] as [string, ...string[]];
  const schema = z.object({
    sort:
      columns.length === 0
        ? z.undefined()
        : z.preprocess(notGiven, z.enum(sorts, { error: `expected one of ${sorts.join(', ')}` }).optional()),
    limit: z.preprocess(notGiven, wholeNumber(1, maxPageSize).default(defaultLimit)),
    offset: z.preprocess(notGiven, wholeNumber(0, maxOffset).default(0)),
  });
  const parsed = parseQuery(schema, { sort: query.sort, limit: query.limit, offset: query.offset });
  return parsed as TablePage<Column | `-${Column}`>;
}
