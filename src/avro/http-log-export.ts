import { readFile } from 'node:fs/promises';
import type { Database } from '../db/database.js';
import { writeAvroFile, type WrittenFile } from './container-writer.js';
import { httpLogContract } from './schemas.js';
import { checkTimesFitAvro } from './time-span-check.js';

let exportSql: Promise<string> | undefined;

/** Writes the stored HTTP log to an Avro file with schemas/http_log.avsc. */
export async function exportHttpLogAvro(database: Database, path: string): Promise<WrittenFile> {
  const sql = await (exportSql ??= readFile(new URL('./http-log-export.sql', import.meta.url), 'utf8'));
  await checkTimesFitAvro(database, path);
  // Inside a transaction the cursor streams as the file is written; outside one, PGlite would first
  // materialize the whole result to keep its cursor open past the implicit commit.
  return database.transaction((tx) => writeAvroFile(path, httpLogContract, tx.stream(sql)));
}
