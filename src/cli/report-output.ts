import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { PerxError, UsageError, errorMessage } from '../errors.js';
import { outputFormats, writeRows, type OutputFormat, type RowSource } from '../output/index.js';
import { printWritten } from './output-file.js';

const formatByExtension: Readonly<Record<string, OutputFormat>> = {
  '.csv': 'csv',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.txt': 'table',
};

/**
 * --format wins; else the --out file's extension (.csv, .json, .ndjson or .jsonl, .txt; none: CSV;
 * another is an error); else a table
 * on a terminal and CSV into a pipe or file, so scripts get machine-readable output by default.
 */
export function chooseFormat(
  format: string | undefined,
  out: string | undefined,
  isTty: boolean,
): OutputFormat {
  if (format !== undefined) {
    if ((outputFormats as readonly string[]).includes(format)) return format as OutputFormat;
    throw new UsageError(`--format: expected one of ${outputFormats.join(', ')}, got "${format}"`);
  }
  if (out !== undefined) {
    const extension = extname(out).toLowerCase();
    if (extension === '') return 'csv';
    const byExtension = formatByExtension[extension];
    if (byExtension) return byExtension;
    // A file named report.xlsx must not silently hold CSV.
    throw new UsageError(
      `--out ${out}: unknown extension "${extension}"; use one of ${Object.keys(formatByExtension).join(', ')}, or name the format with --format (${outputFormats.join(', ')})`,
    );
  }
  return isTty ? 'table' : 'csv';
}

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/** Where and how a report's rows go out of the CLI. */
export interface Output {
  format: OutputFormat;
  out: string | undefined;
  /** The reporting zone, on whose clock instants are written. */
  timeZone: string;
}

/**
 * Writes report rows to stdout, or to a file that appears only once complete: rows go to a temporary
 * file beside it, renamed into place at the end, so a failed report never leaves half a file behind;
 * then one line on stderr says what was written.
 */
export async function emit(rows: RowSource, columns: readonly string[], output: Output): Promise<void> {
  const { format, out, timeZone } = output;
  if (out === undefined) {
    let stdoutError: unknown;
    const remember = (error: unknown) => (stdoutError = error);
    process.stdout.on('error', remember);
    try {
      await writeRows(rows, { format, columns, timeZone, out: process.stdout });
    } catch (error) {
      // A reader that stops early (| head) is not a failure.
      if (isBrokenPipe(error) || isBrokenPipe(stdoutError)) return;
      throw error;
    } finally {
      process.stdout.off('error', remember);
    }
    return;
  }
  const began = performance.now();
  const partial = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  const file = createWriteStream(partial);
  let fileError: unknown;
  file.on('error', (error) => (fileError = error));
  try {
    await once(file, 'ready');
    const count = await writeRows(rows, { format, columns, timeZone, out: file });
    file.end();
    await finished(file);
    const { size } = await stat(partial);
    await rename(partial, out);
    printWritten({ path: out, count, noun: 'rows', bytes: size }, began);
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw new PerxError(`cannot write ${out}: ${errorMessage(fileError ?? error)}`, { cause: error });
  }
}
