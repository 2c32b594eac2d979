/**
 * PostgreSQL's binary COPY format, for the bulk loads where the server's text parsing is the cost:
 * reading a timestamptz from text is most of a COPY of the HTTP log on PostgreSQL, and most of it again
 * on PGlite, where the parser runs as WebAssembly. A tuple is a 16-bit field count, then per field a
 * 32-bit byte length and the bytes, all big-endian. Database.copyBinaryFrom adds the file header and
 * trailer, so the chunks a writer hands out can be cut between any two tuples.
 */

/** The 11-byte signature, a flags word (no OIDs) and an empty header extension. */
export const binaryCopyHeader = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);

/** A field count of -1 ends the data. */
export const binaryCopyTrailer = Buffer.from([0xff, 0xff]);

/** PostgreSQL counts timestamps in microseconds from 2000-01-01 00:00 UTC. */
export const postgresEpochMilliseconds = Date.UTC(2000, 0, 1);
const twoTo32 = 0x1_0000_0000;
/** Microseconds from 2000 that a double holds exactly: about 285 years either side. */
const exactMicroseconds = Number.MAX_SAFE_INTEGER;

/**
 * Fills buffers with binary COPY tuples. Callers write one tuple (begin, then each field), and take()
 * the filled part as a chunk whenever it is big enough; a chunk only ever holds whole tuples.
 */
export class BinaryTupleWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(private readonly chunkBytes = 256 * 1024) {
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  /** Bytes written and not yet taken. */
  get size(): number {
    return this.length;
  }

  /** The buffer and position to write up to `bytes` more at, for callers that write bytes themselves. */
  reserve(bytes: number): Buffer {
    if (this.length + bytes > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.length + bytes));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    return this.buffer;
  }

  /** Where the next byte goes; see reserve(). */
  get position(): number {
    return this.length;
  }

  /** Moves the position after bytes written straight into the buffer from reserve(), or back to undo. */
  set position(position: number) {
    this.length = position;
  }

  beginTuple(fieldCount: number): void {
    this.reserve(2);
    this.buffer.writeInt16BE(fieldCount, this.length);
    this.length += 2;
  }

  int4(value: number): void {
    this.reserve(8);
    this.buffer.writeInt32BE(4, this.length);
    this.buffer.writeInt32BE(value, this.length + 4);
    this.length += 8;
  }

  /** An int8 from a safe integer: the two halves are exact in double arithmetic. */
  int8(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not an exact integer`);
    this.reserve(12);
    this.buffer.writeInt32BE(8, this.length);
    writeExactInt64(this.buffer, this.length + 4, value);
    this.length += 12;
  }

  /** A timestamptz: epoch milliseconds plus the microseconds past them (0-999). */
  timestamptz(epochMilliseconds: number, microsecond = 0): void {
    this.reserve(12);
    this.buffer.writeInt32BE(8, this.length);
    const micros = (epochMilliseconds - postgresEpochMilliseconds) * 1000 + microsecond;
    if (Math.abs(micros) < exactMicroseconds) {
      writeExactInt64(this.buffer, this.length + 4, micros);
    } else {
      const exact = BigInt(epochMilliseconds - postgresEpochMilliseconds) * 1000n + BigInt(microsecond);
      this.buffer.writeBigInt64BE(exact, this.length + 4);
    }
    this.length += 12;
  }

  /** A text field from a string, as UTF-8. */
  text(value: string): void {
    const bytes = Buffer.byteLength(value, 'utf8');
    this.reserve(4 + bytes);
    this.buffer.writeInt32BE(bytes, this.length);
    this.buffer.write(value, this.length + 4, bytes, 'utf8');
    this.length += 4 + bytes;
  }

  /** The tuples written so far as one chunk, or undefined when there are none. */
  take(): Buffer | undefined {
    if (this.length === 0) return undefined;
    const chunk = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafe(this.chunkBytes);
    this.length = 0;
    return chunk;
  }

  /** take(), but only once a chunk's worth is written. */
  takeFull(): Buffer | undefined {
    return this.length >= this.chunkBytes ? this.take() : undefined;
  }
}

/** Writes a safe integer as a big-endian two's-complement int64. */
export function writeExactInt64(buffer: Buffer, offset: number, value: number): void {
  const high = Math.floor(value / twoTo32);
  buffer.writeInt32BE(high, offset);
  buffer.writeUInt32BE(value - high * twoTo32, offset + 4);
}
