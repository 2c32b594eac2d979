import type { Database } from '../db/database.js';
import { compileNamedSql, reportSql } from './named-sql.js';

/** A report statement and its named values, as a report function runs it. */
export interface ReportStatement {
  file: string;
  values: Readonly<Record<string, unknown>>;
}

/** Which rows of a report to return, in what order: `sort` is a column, `-` in front descending. */
export interface ReportPageRequest {
  sort: string | undefined;
  limit: number;
  offset: number;
}

export interface ReportPage<Row> {
  rows: Row[];
  /** Rows of the whole report, whatever the page. */
  total: number;
}

const identifier = /^[a-z_][a-z0-9_]*$/;

/**
 * The statement wrapped to sort by any of its columns and return one page, in the database. The column
 * names come from the report's own fixed list (never from a request), and the requested sort is a bound
 * value compared with each of them, as in session-list.sql. Ties keep the report's own order.
 */
function pagedSource(source: string, columns: readonly string[]): string {
  const keys = columns.flatMap((column) => {
    if (!identifier.test(column)) throw new Error(`not a column name: ${column}`);
    return [
      `CASE WHEN :page_sort::text = '${column}' THEN report.${column} END`,
      `CASE WHEN :page_sort::text = '-${column}' THEN report.${column} END DESC`,
    ];
  });
  return `SELECT report.*, count(*) OVER () AS page_total
FROM (
  SELECT numbered.*, row_number() OVER () AS report_order
  FROM (
${source}
  ) AS numbered
) AS report
ORDER BY ${[...keys, 'report.report_order'].join(',\n  ')}
LIMIT :page_limit::bigint
OFFSET :page_offset::bigint`;
}

const compiled = new Map<string, ReturnType<typeof compileNamedSql>>();

/**
 * One page of a report's rows sorted by one of its columns, with the number of rows in all; for the
 * reports whose results are small enough to sort whole (engagement, weekly, campaigns).
 */
export async function reportPage<Row extends object>(
  database: Database,
  statement: ReportStatement,
  columns: readonly (keyof Row & string)[],
  page: ReportPageRequest,
): Promise<ReportPage<Row>> {
  const report = await reportSql(statement.file, database);
  const key = `${report.origin} ${database.citus ? 'citus' : ''} ${columns.join(',')}`;
  let sql = compiled.get(key);
  if (!sql) {
    sql = compileNamedSql(pagedSource(report.source, columns), `${statement.file}, paged`);
    compiled.set(key, sql);
  }
  const values = {
    ...statement.values,
    page_sort: page.sort ?? null,
    page_limit: page.limit,
    page_offset: page.offset,
  };
  const found = await database.query<Row & { page_total: number; report_order: number }>(
    sql.text,
    sql.bind(values),
  );
  const rows = found.map(({ page_total: _total, report_order: _order, ...row }) => row as unknown as Row);
  if (found.length > 0) return { rows, total: Number(found[0]?.page_total ?? 0) };
  const [counted] = await database.query<{ total: number }>(
    `SELECT count(*) AS total FROM (\n${report.text}\n) AS listed`,
    report.bind(statement.values),
  );
  return { rows, total: Number(counted?.total ?? 0) };
}
