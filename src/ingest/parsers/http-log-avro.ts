import { readAvroRecords } from '../../avro/container-reader.js';
import { httpLogContract } from '../../avro/schemas.js';
import { formatEpochMicros } from '../../avro/timestamp-micros.js';
import { FieldError } from './field-error.js';
import { httpLogRequest, type HttpLogRequest } from './http-log.js';
import { Reject, type DataFileInput, type Parsed } from './parsed-line.js';
import { Timestamp } from './timestamp.js';

/** A record of http_log.avro as schemas/http_log.avsc defines it. */
interface HttpRequestRecord {
  timestamp: number;
  http_method: string;
  http_path: string;
  user_id: string;
}

/**
 * Reads the Avro log (http_log.avro, written with schemas/http_log.avsc, as `perx export http-log` does)
 * into the same requests as the text log. A record is what a line is to the text log: its number is the
 * line number, and it is checked by the same rules (httpLogRequest), so a record is loaded exactly when
 * its line in http_log.txt would be. A bad record is a reject with the reason and, as its raw text, the
 * record as JSON.
 *
 * A file with another schema, or one that is truncated or corrupt, is not a set of bad lines but a bad
 * file: it fails with an InputError naming it, and the ingest with it.
 */
export async function* readHttpLogAvro(input: DataFileInput): AsyncGenerator<Parsed<HttpLogRequest>> {
  for await (const { recordNumber, value } of readAvroRecords<HttpRequestRecord>(
    input.chunks,
    httpLogContract,
    input.path,
  )) {
    try {
      // The text reader refuses such a line before any field is looked at, with this reason.
      if (value.http_path.includes('\0') || value.user_id.includes('\0')) {
        throw new FieldError('contains a NUL character, which text columns cannot hold');
      }
      yield httpLogRequest(
        timestampOf(value.timestamp),
        value.http_method,
        value.http_path,
        value.user_id,
        recordNumber,
      );
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      const raw = JSON.stringify({ ...value, timestamp: formatEpochMicros(value.timestamp) });
      yield new Reject(input.name, recordNumber, raw, error.message);
    }
  }
}

/** The exact time of a microsecond count: whole milliseconds for the Date, the rest kept beside it. */
function timestampOf(micros: number): Timestamp {
  const subMillis = ((micros % 1000) + 1000) % 1000;
  return new Timestamp((micros - subMillis) / 1000, subMillis);
}
