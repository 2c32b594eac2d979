import type { Database } from '../db/database.js';
import { reportSql } from './named-sql.js';

/** Streams the rows of one report .sql file of this folder, its named parameters bound. */
export async function* streamReportSql<Row extends object>(
  database: Database,
  fileName: string,
  values: Readonly<Record<string, unknown>>,
): AsyncIterable<Row> {
  const sql = await reportSql(fileName, database);
  yield* database.stream<Row>(sql.text, sql.bind(values));
}

/** Runs one report .sql file of this folder and returns all its rows. */
export async function queryReportSql<Row extends object>(
  database: Database,
  fileName: string,
  values: Readonly<Record<string, unknown>>,
): Promise<Row[]> {
  const sql = await reportSql(fileName, database);
  return database.query<Row>(sql.text, sql.bind(values));
}
