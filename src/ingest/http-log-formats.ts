import { datasetFiles } from './dataset-files.js';
import { readHttpLogTextTuples } from './http-log-text-tuples.js';
import type { TupleBatch } from './http-log-tuples.js';
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
  /**
   * The file name the format is found under in a source folder; beside it, any file named like it with
   * something between stem and extension (http_log-2.txt) belongs to the log too.
   */
  file: string;
  read: HttpLogReader;
  /**
   * A faster way to the same rows and rejects as `read`, straight to binary COPY tuples; without it the
   * loader encodes what `read` yields.
   */
  readTuples?: (input: DataFileInput, sourceFileId: number) => AsyncIterable<TupleBatch>;
}

/** Tried in order: the first with any file in the source folder is loaded (see locateDataset). */
export const httpLogFormats: readonly HttpLogFormat[] = [
  { file: datasetFiles.httpLog, read: readHttpLogText, readTuples: readHttpLogTextTuples },
  { file: 'http_log.avro', read: readHttpLogAvro },
];
