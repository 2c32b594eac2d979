import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError, errorMessage } from '../errors.js';
import { checksumFileName, readChecksums } from './checksums.js';
import { assertRegularFile } from './regular-file.js';
import { httpLogFormats, type HttpLogFormat } from './http-log-formats.js';
import type { CsvTable } from './parsers/csv-table.js';
import {
  campaignCsv,
  campaignRewardMappingCsv,
  rewardCampaignCsv,
  rewardTransactionCsv,
} from './parsers/csv-tables.js';

/** A data set file found in the source folder. */
export interface LocatedFile {
  name: string;
  path: string;
  bytes: number;
  /** From SHA256SUMS, when the folder has one. */
  expectedSha256: string | undefined;
}

export interface LocatedLog {
  file: LocatedFile;
  format: HttpLogFormat;
}

export interface LocatedDataset {
  /** The four CSV files in load order (parents first); empty for an append source without them. */
  csv: LocatedFile[];
  /** The log files, in load order; at least one. */
  logs: LocatedLog[];
}

/** The CSV tables in load order: parents before the rows that name them; the order of the reconciliation. */
export const csvTables: readonly CsvTable<{ line: number }>[] = [
  campaignCsv,
  rewardCampaignCsv,
  rewardTransactionCsv,
  campaignRewardMappingCsv,
];

/**
 * The log of a data set is one file or several: http_log.txt, and beside it any http_log<anything>.txt
 * (http_log-2019-08-28.txt, ...), loaded in that order: http_log.txt first, then by name, bytewise. The
 * same holds for each format; the first format with any file is the one loaded (text before Avro).
 */
export function isLogFileOf(format: HttpLogFormat, name: string): boolean {
  const extension = extname(format.file);
  const stem = format.file.slice(0, -extension.length);
  return name.startsWith(stem) && name.endsWith(extension) && name.length >= format.file.length;
}

/**
 * Finds the files of a data set in a folder. A replace needs all four CSV files; an append takes a folder
 * with all four or none (then the tables stay as they are). When the folder has a SHA256SUMS, it must
 * list every file loaded.
 */
export async function locateDataset(folder: string, mode: 'replace' | 'append'): Promise<LocatedDataset> {
  const checksums = await readChecksums(folder);
  const locate = async (name: string): Promise<LocatedFile | undefined> => {
    const path = join(folder, name);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new InputError(path, undefined, `cannot read: ${errorMessage(error)}`);
    });
    if (info === undefined) return undefined;
    assertRegularFile(path, info);
    const expectedSha256 = checksums?.get(name);
    if (checksums !== undefined && expectedSha256 === undefined) {
      throw new InputError(join(folder, checksumFileName), undefined, `lists no checksum for ${name}`);
    }
    return { name, path, bytes: info.size, expectedSha256 };
  };
  const allNames = [...csvTables.map(({ file }) => file), httpLogFormats.map((f) => f.file).join(' or ')];
  const missing = (name: string) =>
    new InputError(join(folder, name), undefined, `not found: a Perx data set holds ${allNames.join(', ')}`);

  const csv: LocatedFile[] = [];
  const absent: string[] = [];
  for (const { file: name } of csvTables) {
    const file = await locate(name);
    if (file === undefined) absent.push(name);
    else csv.push(file);
  }
  if (absent.length > 0 && (mode === 'replace' || csv.length > 0)) {
    if (mode === 'replace') throw missing(absent[0]!);
    throw new InputError(
      join(folder, absent[0]!),
      undefined,
      `not found: an append source holds all four CSV files (${csvTables.map(({ file }) => file).join(', ')}) or none`,
    );
  }

  const names = await readdir(folder).catch((error: unknown) => {
    throw new InputError(folder, undefined, `cannot list the folder: ${errorMessage(error)}`);
  });
  for (const format of httpLogFormats) {
    const logNames = names
      .filter((name) => isLogFileOf(format, name))
      .sort((a, b) => (a === format.file ? -1 : b === format.file ? 1 : a < b ? -1 : a > b ? 1 : 0));
    const logs: LocatedLog[] = [];
    for (const name of logNames) {
      const file = await locate(name);
      if (file !== undefined) logs.push({ file, format });
    }
    if (logs.length > 0) return { csv, logs };
  }
  throw missing(httpLogFormats[0]!.file);
}
