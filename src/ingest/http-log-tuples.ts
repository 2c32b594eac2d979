import { BinaryTupleWriter } from '../db/copy-binary.js';
import type { HttpLogRequest } from './parsers/http-log.js';
import { Reject, type Parsed } from './parsers/parsed-line.js';
import { requestClassBytes, writeRequestClassOf } from './request-class.js';

/** The columns of http_log that a load fills, in the order of its binary COPY tuples: all of them. */
export const httpLogColumns = [
  'timestamp',
  'http_method',
  'http_path',
  'user_id',
  'source_file_id',
  'source_line',
  'viewed_campaign_id',
  'issued_reward_id',
] as const;

/**
 * A stretch of one log file, encoded for COPY: its requests as binary tuples (see copy-binary.ts), and
 * the lines it refused. Every non-blank line of the stretch is one or the other.
 */
export interface TupleBatch {
  /** Whole tuples, or undefined when the stretch held no request. */
  tuples: Buffer | undefined;
  /** Non-blank lines (records) in the stretch: requests plus rejects. */
  lines: number;
  /** The line (record) number of the stretch's last line. */
  lastLine: number;
  rejects: Reject[];
}

/** Writes one request as an http_log tuple. */
export function writeHttpLogTuple(
  writer: BinaryTupleWriter,
  request: HttpLogRequest,
  sourceFileId: number,
): void {
  writer.beginTuple(httpLogColumns.length);
  writer.timestamptz(request.timestamp.getTime(), request.timestamp.microsecond);
  writer.text(request.httpMethod);
  writer.text(request.httpPath);
  writer.text(request.userId);
  writer.int4(sourceFileId);
  writer.int8(request.line);
  const out = writer.reserve(requestClassBytes);
  writer.position = writeRequestClassOf(out, writer.position, request.httpMethod, request.httpPath);
}

/** Rows per batch when the requests come one by one from a parser. */
const requestsPerBatch = 4096;

/**
 * The tuple batches of any log reader's requests and rejects: the general path, which every format
 * takes (the text log has a faster one of its own, http-log-text-tuples.ts).
 */
export async function* httpLogTupleBatches(
  parsed: AsyncIterable<Parsed<HttpLogRequest>>,
  sourceFileId: number,
): AsyncGenerator<TupleBatch> {
  const writer = new BinaryTupleWriter();
  let batch: TupleBatch = { tuples: undefined, lines: 0, lastLine: 0, rejects: [] };
  for await (const item of parsed) {
    batch.lines++;
    batch.lastLine = item.line;
    if (item instanceof Reject) batch.rejects.push(item);
    else writeHttpLogTuple(writer, item, sourceFileId);
    if (batch.lines >= requestsPerBatch) {
      batch.tuples = writer.take();
      yield batch;
      batch = { tuples: undefined, lines: 0, lastLine: batch.lastLine, rejects: [] };
    }
  }
  batch.tuples = writer.take();
  if (batch.lines > 0) yield batch;
}
