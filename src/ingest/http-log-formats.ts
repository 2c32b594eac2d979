import { datasetFiles } from './dataset-files.js';
import { readHttpLogAvro } from './parsers/http-log-avro.js';
import { readHttpLogText, type HttpLogRequest } from './parsers/http-log.js';
import type { DataFileInput, Parsed } from './parsers/parsed-line.js';

/**
 * The seam for log formats. A reader turns one log file's bytes into requests and rejects; the loader
 * does the rest the same way for every format: sha256 and size, LFS pointer refusal, counting (loaded
 * plus rejected equals lines), --strict, COPY into http_log, rejects into ingest_reject. A reader must
 * read input.chunks to the end (that is where the sha256 is computed), number its rows (line or record
 * number) and turn every bad record into a Reject rather than throwing; it throws (an InputError) only
 * when the file cannot be read on at all.
 */
export type HttpLogReader = (input: DataFileInput) => AsyncIterable<Parsed<HttpLogRequest>>;

export interface HttpLogFormat {
  /** The file name the format is found under in a source folder. */
  file: string;
  read: HttpLogReader;
}

/** Tried in order: the first whose file exists in the source folder is loaded. */
export const httpLogFormats: readonly HttpLogFormat[] = [
  { file: datasetFiles.httpLog, read: readHttpLogText },
  { file: 'http_log.avro', read: readHttpLogAvro },
];
