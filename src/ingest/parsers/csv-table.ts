import { parse, type Options as CsvOptions } from 'csv-parse/sync';
import { InputError } from '../../errors.js';
import { FieldError } from './field-error.js';
import { Reject, type DataFileInput, type Parsed } from './parsed-line.js';
import { isBlank, readTextLines } from './text-lines.js';

/**
 * Where a CSV row came from. Rows keep their text because the foreign-key checks, which run in the
 * database after parsing, reject lines too, and a reject shows the line as written.
 */
export interface CsvSourceLine {
  /** The record's first line in the file, 1-based. */
  line: number;
  /** The record as written, without its line break. */
  raw: string;
}

/** How one CSV file of the data set becomes typed rows. */
export interface CsvTable<Row> {
  /** The data set file name: campaign.csv, ... */
  file: string;
  /** The header's column names in the order toRow receives the fields. The header may use any order and case. */
  columns: readonly string[];
  /** Turns one record's fields (in `columns` order, as written) into a row; throws FieldError for a bad field. */
  toRow(fields: readonly string[], source: CsvSourceLine): Row;
}

/**
 * A record is one line, or several when a quoted field holds a line break; lines, loaded and rejected
 * count records. The loader reports that count as the file's lines.
 */
interface CsvRecord {
  line: number;
  raw: string;
  /** Why the record cannot be read at all (invalid UTF-8, an unclosed quote). */
  problem?: string;
}

/**
 * A quoted field may hold line breaks, but not without bound: a record longer than this is rejected, and
 * only this much of it is ever held in memory.
 */
export const maxRecordBytes = 1024 * 1024;

/** Records split into fields per call to csv-parse: one parser per batch, not per record. */
const batchSize = 512;

const csvOptions: CsvOptions = {
  delimiter: ',',
  record_delimiter: '\n',
  quote: '"',
  escape: '"',
  // RFC 4180: spaces are part of a field. ` redeemed` is not `redeemed`, and ` 1` is not a number.
  trim: false,
  relax_column_count: true,
  // A quote inside an unquoted field (12" Pizza) is data, as the record scanner below also assumes.
  relax_quotes: true,
  skip_empty_lines: false,
};

/**
 * Streams a CSV file into typed rows and rejects. The first non-blank record is the header; it must name
 * exactly `table.columns` (any order, any case, spaces around a name ignored), or the file cannot be read
 * and the ingest fails. Fields are taken as written (RFC 4180: spaces are data). Blank
 * lines are skipped. A record is rejected for a wrong field count, malformed quoting, or a field that
 * toRow refuses. Line breaks end records: "\n" or "\r\n".
 */
export async function* parseCsvTable<Row>(
  table: CsvTable<Row>,
  input: DataFileInput,
): AsyncGenerator<Parsed<Row>> {
  let order: number[] | undefined;
  let open: OpenRecord | undefined;
  let batch: CsvRecord[] = [];

  const convert = function* (records: CsvRecord[]): Generator<Parsed<Row>> {
    const split = splitRecords(records);
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const fields = split[i]!;
      if (order === undefined) {
        order = headerOrder(table, input, record, fields);
        continue;
      }
      if (typeof fields === 'string') {
        yield new Reject(input.name, record.line, record.raw, fields);
      } else if (fields.length !== order.length) {
        const reason = `wrong field count: expected ${order.length} (${table.columns.join(',')}), found ${fields.length}`;
        yield new Reject(input.name, record.line, record.raw, reason);
      } else {
        try {
          yield table.toRow(
            order.map((index) => fields[index]!),
            { line: record.line, raw: record.raw },
          );
        } catch (error) {
          if (!(error instanceof FieldError)) throw error;
          yield new Reject(input.name, record.line, record.raw, error.message);
        }
      }
    }
  };

  const complete = (record: CsvRecord): CsvRecord[] | undefined => {
    // The header is read alone, so the rows after it are checked against it.
    if (order === undefined) return [record];
    batch.push(record);
    if (batch.length < batchSize) return undefined;
    const full = batch;
    batch = [];
    return full;
  };

  for await (const { firstLine, lines, unreadable } of readTextLines(input)) {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      const line = firstLine + i;
      const problem = unreadable?.get(i);
      let done: CsvRecord[] | undefined;
      if (open !== undefined) {
        open.bytes += text.length + 1;
        // Past the bound the record is only scanned for its closing quote, so memory stays bounded.
        if (open.bytes <= maxRecordBytes) open.parts.push(text);
        open.problem ??= problem;
        if (endsInsideQuotes(text, true)) continue;
        done = complete(closedRecord(open));
        open = undefined;
      } else {
        if (problem === undefined && isBlank(text)) continue;
        if (endsInsideQuotes(text, false)) {
          open = { line, parts: [text], bytes: text.length, ...optional(problem) };
          continue;
        }
        done = complete({ line, raw: text, ...optional(problem) });
      }
      if (done) yield* convert(done);
    }
  }
  if (open !== undefined) {
    // Whatever the file's size: the record from the opening line on is one reject, shown by that line.
    const rest = complete({
      line: open.line,
      raw: open.parts[0]!,
      problem:
        open.problem ??
        `the quoted field opened on line ${open.line} is not closed before the end of the file: a quote is missing`,
    });
    if (rest) yield* convert(rest);
  }
  if (batch.length > 0) yield* convert(batch);
  if (order === undefined) {
    throw new InputError(
      input.path,
      undefined,
      `the file is empty: expected a header line ${table.columns.join(',')}`,
    );
  }
}

interface OpenRecord {
  line: number;
  /** The record's lines, up to maxRecordBytes. */
  parts: string[];
  bytes: number;
  problem?: string;
}

/** A record whose quoted field has closed; refused when it grew past maxRecordBytes. */
function closedRecord(open: OpenRecord): CsvRecord {
  if (open.bytes > maxRecordBytes) {
    return {
      line: open.line,
      raw: open.parts[0]!,
      problem: `the quoted field opened on line ${open.line} runs past ${maxRecordBytes} bytes: a quote is missing`,
    };
  }
  return { line: open.line, raw: open.parts.join('\n'), ...optional(open.problem) };
}

function optional(problem: string | undefined): { problem?: string } {
  return problem === undefined ? {} : { problem };
}

/**
 * Whether a line ends inside a quoted field (RFC 4180: a field whose first character is a quote runs to
 * the next single quote; "" inside it is a literal quote). A quote elsewhere in a field, even after a
 * space, is data.
 */
function endsInsideQuotes(line: string, startsInside: boolean): boolean {
  if (!startsInside && !line.includes('"')) return false;
  let inside = startsInside;
  let atFieldStart = !startsInside;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inside) {
      if (c !== 34) continue;
      if (line.charCodeAt(i + 1) === 34) i++;
      else inside = false;
    } else if (c === 44) {
      atFieldStart = true;
    } else if (c === 34 && atFieldStart) {
      inside = true;
      atFieldStart = false;
    } else {
      atFieldStart = false;
    }
  }
  return inside;
}

/** Each record's fields, or the reason it cannot be split. */
function splitRecords(records: CsvRecord[]): (string[] | string)[] {
  for (const record of records) {
    if (record.problem === undefined && textAfterClosingQuote(record.raw)) {
      record.problem = 'malformed quoting: text after the closing quote of a field';
    }
  }
  const readable = records.every((record) => record.problem === undefined);
  if (readable) {
    try {
      const fields = parse(records.map((record) => record.raw).join('\n'), csvOptions);
      if (fields.length === records.length) return fields;
    } catch {
      // Some record is malformed: split them one by one to find it.
    }
  }
  return records.map((record) => {
    if (record.problem !== undefined) return record.problem;
    try {
      const [fields] = parse(record.raw, csvOptions);
      return fields ?? [''];
    } catch (error) {
      return malformedReason(error);
    }
  });
}

/**
 * Whether a quoted field is followed by anything but a comma or the end of the record (`"Broken"x`).
 * csv-parse takes such a field as data once quotes are relaxed for unquoted fields, so it is found here.
 */
function textAfterClosingQuote(raw: string): boolean {
  if (!raw.includes('"')) return false;
  let atFieldStart = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 44) {
      atFieldStart = true;
      continue;
    }
    if (c !== 34 || !atFieldStart) {
      atFieldStart = false;
      continue;
    }
    // A quoted field: find its closing quote, skipping doubled ones.
    let close = i + 1;
    for (;;) {
      close = raw.indexOf('"', close);
      if (close < 0) return false;
      if (raw.charCodeAt(close + 1) !== 34) break;
      close += 2;
    }
    if (close + 1 < raw.length && raw.charCodeAt(close + 1) !== 44) return true;
    i = close;
    atFieldStart = false;
  }
  return false;
}

function malformedReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' || code === 'CSV_INVALID_CLOSING_QUOTE') {
    return 'malformed quoting: text after the closing quote of a field';
  }
  return `malformed CSV record: ${error instanceof Error ? error.message : String(error)}`;
}

function headerOrder<Row>(
  table: CsvTable<Row>,
  input: DataFileInput,
  record: CsvRecord,
  fields: string[] | string,
): number[] {
  const expected = table.columns.join(',');
  if (typeof fields === 'string') {
    throw new InputError(input.path, record.line, `cannot read the header (${fields}); expected ${expected}`);
  }
  // Only the header's names are read loosely: any case, spaces around them ignored.
  const names = fields.map((name) => name.trim().toLowerCase());
  const order = table.columns.map((column) => names.indexOf(column.toLowerCase()));
  const unique = new Set(names).size === names.length;
  if (order.includes(-1) || names.length !== table.columns.length || !unique) {
    throw new InputError(
      input.path,
      record.line,
      `the header ${JSON.stringify(record.raw)} must name the columns ${expected} (in any order and case), each once`,
    );
  }
  return order;
}
