import { binaryCopyHeader, binaryCopyTrailer } from '../copy-binary.js';

/**
 * PGlite reads a COPY's rows from one blob per statement and cannot take them as a stream (CopyData
 * messages after the query). So the embedded server cuts a client's COPY ... FROM STDIN into chunks at row
 * boundaries and runs one COPY ... FROM '/dev/blob' per chunk, inside one transaction. A chunker takes the
 * CopyData payloads as they come and hands back whole rows.
 */
export interface CopyChunker {
  /** Adds a payload; returns the whole rows ready to load once there are at least `chunkBytes`. */
  push(payload: Buffer): Buffer[] | undefined;
  /** The rows left at the end of the data. */
  end(): Buffer[] | undefined;
  /** What a chunk's blob needs around its rows (the binary format's header and trailer). */
  blobParts(rows: Buffer[]): Buffer[];
}

/** Text format: a row ends at a newline (a newline inside a value is written as \n). */
export function textCopyChunker(chunkBytes: number): CopyChunker {
  let pending: Buffer[] = [];
  let size = 0;
  return {
    push(payload) {
      pending.push(payload);
      size += payload.length;
      if (size < chunkBytes) return undefined;
      const joined = Buffer.concat(pending, size);
      const lastNewline = joined.lastIndexOf(0x0a);
      if (lastNewline < 0) return undefined;
      const rest = joined.subarray(lastNewline + 1);
      pending = rest.length > 0 ? [rest] : [];
      size = rest.length;
      return [joined.subarray(0, lastNewline + 1)];
    },
    end() {
      const rest = pending;
      pending = [];
      size = 0;
      return rest.length > 0 ? rest : undefined;
    },
    blobParts: (rows) => rows,
  };
}

const signature = binaryCopyHeader.subarray(0, 11);

/**
 * Binary format: the client's stream starts with the file header and ends with the trailer (a field
 * count of -1); each tuple is a field count, then each field's length (-1: null) and bytes. Every chunk
 * gets a header and trailer of its own.
 */
export function binaryCopyChunker(chunkBytes: number): CopyChunker {
  let data: Buffer = Buffer.alloc(0);
  /** Where the next unread tuple starts in `data`; before that, whole tuples. */
  let scanned = 0;
  let headerRead = false;
  let ended = false;

  function scan(): void {
    if (!headerRead) {
      if (data.length < 19) return;
      if (!data.subarray(0, 11).equals(signature))
        throw new Error('COPY BINARY data does not start with the PGCOPY signature');
      const extension = data.readInt32BE(15);
      if (data.length < 19 + extension) return;
      data = data.subarray(19 + extension);
      headerRead = true;
    }
    for (;;) {
      if (ended || data.length - scanned < 2) return;
      const fields = data.readInt16BE(scanned);
      if (fields === -1) {
        ended = true;
        return;
      }
      let offset = scanned + 2;
      for (let field = 0; field < fields; field++) {
        if (data.length - offset < 4) return;
        const length = data.readInt32BE(offset);
        offset += 4 + Math.max(length, 0);
        if (offset > data.length) return;
      }
      scanned = offset;
    }
  }

  function take(): Buffer[] | undefined {
    if (scanned === 0) return undefined;
    const rows = data.subarray(0, scanned);
    data = data.subarray(scanned);
    scanned = 0;
    return [Buffer.from(rows)];
  }

  return {
    push(payload) {
      data = data.length === 0 ? payload : Buffer.concat([data, payload]);
      scan();
      return scanned >= chunkBytes ? take() : undefined;
    },
    end() {
      scan();
      return take();
    },
    blobParts: (rows) => [binaryCopyHeader, ...rows, binaryCopyTrailer],
  };
}
