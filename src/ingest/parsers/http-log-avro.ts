import { readAvroRecords } from '../../avro/container-reader.js';
import { httpLogContract } from '../../avro/schemas.js';
import { formatEpochMicros } from '../../avro/timestamp-micros.js';
import type { Int8 } from '../../db/database.js';
import { FieldError } from './field-error.js';
import { httpLogRequest, type HttpLogRequest } from './http-log.js';
import { Reject, type DataFileInput, type Parsed } from './parsed-line.js';
import { Timestamp } from './timestamp.js';

/** A record of http_log.avro as schemas/http_log.avsc defines it. */
interface HttpRequestRecord {
  timestamp: Int8;
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

/** 4714-11-24 00:00:00 BC (ISO -004713-11-24T00:00:00Z), the first instant a timestamptz holds. */
const firstStorableMicros = -210_866_803_200_000_000n;
/** +275760-09-13T00:00:00Z, the last instant a JavaScript Date holds; a timestamptz goes on to 294276 AD. */
const lastReadableMicros = 8_640_000_000_000_000_000n;

/**
 * The exact time of a microsecond count: whole milliseconds for the Date, the rest kept beside it. A
 * long reaches further than the database on one side and than a Date on the other; such a record is a
 * reject with the reason, not an ingest failure.
 */
function timestampOf(micros: Int8): Timestamp {
  const count = BigInt(micros);
  if (count < firstStorableMicros) {
    throw new FieldError(
      `bad timestamp: ${formatEpochMicros(micros)} is before -004713-11-24T00:00:00Z (4714 BC), the first instant PostgreSQL's timestamptz holds`,
    );
  }
  if (count > lastReadableMicros) {
    throw new FieldError(
      `bad timestamp: ${formatEpochMicros(micros)} is after +275760-09-13T00:00:00Z, the last instant perx reads (a JavaScript Date's)`,
    );
  }
  const subMillis = ((count % 1000n) + 1000n) % 1000n;
  return new Timestamp(Number((count - subMillis) / 1000n), Number(subMillis));
}
