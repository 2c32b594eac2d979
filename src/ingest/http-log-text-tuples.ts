import { BinaryTupleWriter, postgresEpochMilliseconds } from '../db/copy-binary.js';
import { httpLogColumns, writeHttpLogTuple, type TupleBatch } from './http-log-tuples.js';
import { parseHttpLogTextLine } from './parsers/http-log.js';
import { Reject, type DataFileInput } from './parsers/parsed-line.js';
import { requestClassBytes, writeRequestClass } from './request-class.js';
import { decodeLine, lineTooLong, maxLineBytes } from './parsers/text-lines.js';

/**
 * The text log (http_log.txt) straight from bytes to binary COPY tuples: the hot loop of a large ingest.
 *
 * A line in the form the Perx log uses, `2019-08-27T00:07:05+00:00 POST /rewards/1529 2000020076516`
 * (one space between fields, an ISO 8601 time with Z or an offset, printable ASCII), is checked and
 * encoded byte by byte, with no string, Date or object made for it. Any other line, and any line this
 * fast path has the slightest doubt about, is decoded and parsed by the general text-log parser
 * (readHttpLogText), so both paths load and reject exactly the same lines for the same reasons.
 */
export async function* readHttpLogTextTuples(
  input: DataFileInput,
  sourceFileId: number,
): AsyncGenerator<TupleBatch> {
  const encoder = new LineEncoder(input.name, sourceFileId);
  let carry: Buffer | undefined;
  for await (const chunk of input.chunks) {
    let start = 0;
    if (carry !== undefined) {
      // The line cut at the end of the previous chunk is completed alone, so the chunk is never copied.
      const end = chunk.indexOf(newline);
      if (end < 0) {
        carry = Buffer.concat([carry, chunk]);
        if (carry.length > maxLineBytes) throw lineTooLong(input, encoder.nextLine);
        continue;
      }
      const line = Buffer.concat([carry, chunk.subarray(0, end)]);
      encoder.encode(line, 0, line.length);
      start = end + 1;
      carry = undefined;
    }
    for (let end = chunk.indexOf(newline, start); end >= 0; end = chunk.indexOf(newline, start)) {
      encoder.encode(chunk, start, end);
      start = end + 1;
    }
    if (start < chunk.length) {
      carry = chunk.subarray(start);
      if (carry.length > maxLineBytes) throw lineTooLong(input, encoder.nextLine);
    }
    const batch = encoder.takeBatch();
    if (batch !== undefined) yield batch;
  }
  // A last line without a newline is still a line.
  if (carry !== undefined) encoder.encode(carry, 0, carry.length);
  const batch = encoder.takeBatch();
  if (batch !== undefined) yield batch;
}

const newline = 0x0a;
const carriageReturn = 0x0d;
const space = 0x20;
const slash = 0x2f;
const colon = 0x3a;
const dash = 0x2d;
const plus = 0x2b;
const letterT = 0x54;
const letterZ = 0x5a;

/** `YYYY-MM-DDTHH:MM:SS` then `Z` or `+HH:MM`, a space, a method, a space, "/", a space, a user id. */
const shortestLine = 20 + 1 + 1 + 1 + 1 + 1 + 1;
/** Seconds from 1970 to 2000, PostgreSQL's epoch. */
const postgresEpochSeconds = postgresEpochMilliseconds / 1000;
/** Seconds from 2000 whose microseconds a double holds exactly; the rare time beyond takes the general path. */
const exactSeconds = Math.floor(Number.MAX_SAFE_INTEGER / 1_000_000);
const twoTo32 = 0x1_0000_0000;
/**
 * A tuple's bytes besides its three text fields: field count, six lengths, timestamp, file id, line, and
 * the classified ids.
 */
const tupleOverhead = 2 + 4 * 6 + 8 + 4 + 8 + requestClassBytes;

class LineEncoder {
  nextLine = 1;
  // Room for the tuples of one 256 KiB read chunk, so the buffer seldom grows.
  private readonly writer = new BinaryTupleWriter(512 * 1024);
  private lines = 0;
  private rejects: Reject[] = [];

  constructor(
    private readonly file: string,
    private readonly sourceFileId: number,
  ) {}

  takeBatch(): TupleBatch | undefined {
    if (this.lines === 0) return undefined;
    const batch = {
      tuples: this.writer.take(),
      lines: this.lines,
      lastLine: this.nextLine - 1,
      rejects: this.rejects,
    };
    this.lines = 0;
    this.rejects = [];
    return batch;
  }

  /** One line: bytes[start, end), without its "\n". */
  encode(bytes: Buffer, start: number, end: number): void {
    const line = this.nextLine++;
    if (start === end) return; // blank
    if (this.encodeFast(bytes, start, end, line)) {
      this.lines++;
      return;
    }
    const decoded = decodeLine(bytes.subarray(start, end), line === 1);
    const parsed = parseHttpLogTextLine(this.file, decoded.text, line, decoded.unreadable);
    if (parsed === undefined) return;
    this.lines++;
    if (parsed instanceof Reject) this.rejects.push(parsed);
    else writeHttpLogTuple(this.writer, parsed, this.sourceFileId);
  }

  /**
   * Encodes a line of the common form and returns true, or returns false having written nothing. Each
   * check is one the general parser makes too (see parseHttpLogLine and parseTimestamp); the fast path
   * only gives up more often.
   */
  private encodeFast(bytes: Buffer, start: number, lineEnd: number, line: number): boolean {
    const end = bytes[lineEnd - 1] === carriageReturn ? lineEnd - 1 : lineEnd;
    if (end - start < shortestLine) return false;
    const s = start;
    if (
      bytes[s + 4] !== dash ||
      bytes[s + 7] !== dash ||
      bytes[s + 10] !== letterT ||
      bytes[s + 13] !== colon ||
      bytes[s + 16] !== colon
    ) {
      return false;
    }
    const century = twoDigits(bytes, s);
    const yearOfCentury = twoDigits(bytes, s + 2);
    if (century < 0 || yearOfCentury < 0) return false;
    const year = century * 100 + yearOfCentury;
    const month = twoDigits(bytes, s + 5);
    const day = twoDigits(bytes, s + 8);
    const hour = twoDigits(bytes, s + 11);
    const minute = twoDigits(bytes, s + 14);
    const second = twoDigits(bytes, s + 17);
    if (
      year <= 0 ||
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > daysInMonth(year, month) ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59 ||
      second < 0 ||
      second > 59
    ) {
      return false;
    }
    let offsetSeconds = 0;
    let methodStart: number;
    const zone = bytes[s + 19];
    if (zone === letterZ) {
      methodStart = s + 21;
    } else if ((zone === plus || zone === dash) && bytes[s + 22] === colon) {
      const offsetHours = twoDigits(bytes, s + 20);
      const offsetMinutes = twoDigits(bytes, s + 23);
      if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return false;
      offsetSeconds = (zone === plus ? 1 : -1) * (offsetHours * 3600 + offsetMinutes * 60);
      methodStart = s + 26;
    } else {
      return false;
    }
    if (bytes[methodStart - 1] !== space) return false;

    let position = methodStart;
    while (position < end && isTokenByte(bytes[position]!)) position++;
    const methodEnd = position;
    if (methodEnd === methodStart || bytes[methodEnd] !== space) return false;
    const pathStart = methodEnd + 1;
    if (bytes[pathStart] !== slash) return false;
    position = pathStart + 1;
    while (position < end && isPrintable(bytes[position]!)) position++;
    const pathEnd = position;
    if (pathEnd >= end || bytes[pathEnd] !== space) return false;
    const userStart = pathEnd + 1;
    position = userStart;
    while (position < end && isPrintable(bytes[position]!)) position++;
    if (position !== end || userStart === end) return false;

    const secondsFrom2000 =
      daysFromCivil(year, month, day) * 86_400 +
      hour * 3600 +
      minute * 60 +
      second -
      offsetSeconds -
      postgresEpochSeconds;
    if (secondsFrom2000 > exactSeconds || secondsFrom2000 < -exactSeconds) return false;

    const methodLength = methodEnd - methodStart;
    const pathLength = pathEnd - pathStart;
    const userLength = end - userStart;
    const out = this.writer.reserve(tupleOverhead + methodLength + pathLength + userLength);
    let o = this.writer.position;
    out[o++] = 0;
    out[o++] = httpLogColumns.length;
    o = writeLength(out, o, 8);
    o = writeInt64(out, o, secondsFrom2000 * 1_000_000);
    o = writeLength(out, o, methodLength);
    o = copyBytes(bytes, methodStart, methodEnd, out, o);
    o = writeLength(out, o, pathLength);
    o = copyBytes(bytes, pathStart, pathEnd, out, o);
    o = writeLength(out, o, userLength);
    o = copyBytes(bytes, userStart, end, out, o);
    o = writeLength(out, o, 4);
    o = writeLength(out, o, this.sourceFileId);
    o = writeLength(out, o, 8);
    o = writeInt64(out, o, line);
    o = writeRequestClass(out, o, bytes, methodStart, pathEnd);
    this.writer.position = o;
    return true;
  }
}

/** The number written by two ASCII digits at `at`, or a negative number when either is not a digit. */
function twoDigits(bytes: Buffer, at: number): number {
  const tens = bytes[at]! - 0x30;
  const ones = bytes[at + 1]! - 0x30;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return -1000;
  return tens * 10 + ones;
}

/** The bytes of an RFC 9110 token (tchar): letters, digits and !#$%&'*+-.^_`|~. */
const tokenBytes = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
  tokenBytes[c.charCodeAt(0)] = 1;
}

function isTokenByte(byte: number): boolean {
  return byte < 128 && tokenBytes[byte] === 1;
}

/** Printable ASCII, space excluded: what needs no decoding and is no whitespace. */
function isPrintable(byte: number): boolean {
  return byte > space && byte < 0x7f;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Copies a few bytes; for fields this short a loop is many times faster than Buffer.copy, which makes a
 * typed-array view per call.
 */
function copyBytes(source: Buffer, start: number, end: number, out: Buffer, offset: number): number {
  let o = offset;
  for (let i = start; i < end; i++) out[o++] = source[i]!;
  return o;
}

/** A non-negative 32-bit integer, big-endian: a field length or an int4 value. */
function writeLength(out: Buffer, offset: number, value: number): number {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
  return offset + 4;
}

/** A safe integer as a big-endian two's-complement int64. */
function writeInt64(out: Buffer, offset: number, value: number): number {
  const high = Math.floor(value / twoTo32);
  const low = value - high * twoTo32;
  out[offset] = (high >> 24) & 0xff;
  out[offset + 1] = (high >> 16) & 0xff;
  out[offset + 2] = (high >> 8) & 0xff;
  out[offset + 3] = high & 0xff;
  out[offset + 4] = low >>> 24;
  out[offset + 5] = (low >>> 16) & 0xff;
  out[offset + 6] = (low >>> 8) & 0xff;
  out[offset + 7] = low & 0xff;
  return offset + 8;
}
