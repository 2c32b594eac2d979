import { PGlite, type Transaction } from '@electric-sql/pglite';
import { resolve } from 'node:path';
import { binaryCopyHeader, binaryCopyTrailer } from './copy-binary.js';
import { copyStatement } from './copy-text.js';
import { parseSafeNumber, pgTypeOid, type Database, type TransactionOptions } from './database.js';
import { lockFolder, type FolderLock } from './lock.js';

type PGliteTarget = PGlite | Transaction;

/** PGlite's COPY reads a whole blob; lines are grouped into blobs of about this size to bound memory. */
const copyChunkBytes = 8 * 1024 * 1024;

const numberArray = (text: string): (number | null)[] => {
  const body = text.slice(1, -1);
  if (body === '') return [];
  return body.split(',').map((item) => (item === 'NULL' ? null : parseSafeNumber(item)));
};

const parsers = {
  [pgTypeOid.int8]: parseSafeNumber,
  [pgTypeOid.numeric]: parseSafeNumber,
  [pgTypeOid.int8Array]: numberArray,
  [pgTypeOid.numericArray]: numberArray,
};

class PGliteDatabase implements Database {
  readonly engine = 'pglite' as const;

  constructor(
    private readonly target: PGliteTarget,
    private readonly onClose?: () => Promise<void>,
  ) {}

  async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.target.query<T>(sql, params as unknown[]);
    return result.rows;
  }

  async execute(sql: string): Promise<void> {
    await this.target.exec(sql);
  }

  async *stream<T extends object>(
    sql: string,
    params: readonly unknown[] = [],
    batchSize = 2000,
  ): AsyncIterable<T> {
    // PGlite has a single connection. Outside a transaction the cursor is WITH HOLD, so it survives its
    // implicit commit and other queries can run between fetches instead of waiting for the consumer.
    const hold = 'rollback' in this.target ? '' : 'WITH HOLD ';
    const cursor = `perx_cursor_${cursorSequence++}`;
    await this.target.query(`DECLARE ${cursor} NO SCROLL CURSOR ${hold}FOR ${sql}`, params as unknown[]);
    try {
      for (;;) {
        const { rows } = await this.target.query<T>(`FETCH ${batchSize} FROM ${cursor}`);
        yield* rows;
        if (rows.length < batchSize) break;
      }
    } finally {
      await this.target.query(`CLOSE ${cursor}`).catch(() => undefined);
    }
  }

  async copyFrom(
    table: string,
    columns: readonly string[],
    lines: AsyncIterable<string> | Iterable<string>,
  ): Promise<number> {
    const statement = copyStatement(table, columns, `'/dev/blob'`);
    let chunk: string[] = [];
    let chunkBytes = 0;
    let rowCount = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const result = await this.target.query(statement, [], { blob: new Blob(chunk) });
      rowCount += result.affectedRows ?? 0;
      chunk = [];
      chunkBytes = 0;
    };
    for await (const line of lines) {
      chunk.push(line);
      chunkBytes += line.length;
      if (chunkBytes >= copyChunkBytes) await flush();
    }
    await flush();
    return rowCount;
  }

  async copyBinaryFrom(
    table: string,
    columns: readonly string[],
    tuples: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<number> {
    // Each blob is a whole binary COPY file; the chunks hold whole tuples, so any cut between them works.
    const statement = copyStatement(table, columns, `'/dev/blob' WITH (FORMAT binary)`);
    let chunk: Uint8Array[] = [];
    let chunkBytes = 0;
    let rowCount = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const blob = new Blob([binaryCopyHeader, ...chunk, binaryCopyTrailer]);
      const result = await this.target.query(statement, [], { blob });
      rowCount += result.affectedRows ?? 0;
      chunk = [];
      chunkBytes = 0;
    };
    for await (const tupleChunk of tuples) {
      chunk.push(tupleChunk);
      chunkBytes += tupleChunk.byteLength;
      if (chunkBytes >= copyChunkBytes) await flush();
    }
    await flush();
    return rowCount;
  }

  // PGlite runs one statement at a time in this process and cannot cancel one: an abort is seen by the
  // work itself between statements.
  async transaction<T>(work: (db: Database) => Promise<T>, _options?: TransactionOptions): Promise<T> {
    if ('rollback' in this.target) {
      const tx = this.target;
      const savepoint = `perx_savepoint_${cursorSequence++}`;
      await tx.query(`SAVEPOINT ${savepoint}`);
      try {
        const result = await work(this);
        await tx.query(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await tx.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      }
    }
    return this.target.transaction((tx) => work(new PGliteDatabase(tx)));
  }

  async close(): Promise<void> {
    await this.onClose?.();
  }
}

let cursorSequence = 0;

export interface PGliteOpenOptions {
  /** A folder on disk, or undefined for an in-memory database (tests). */
  dataDir?: string;
}

export async function openPGlite(options: PGliteOpenOptions = {}): Promise<Database> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const lock: FolderLock | undefined = dataDir === undefined ? undefined : lockFolder(dataDir);
  try {
    const database = await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers });
    await database.exec(`SET TIME ZONE 'UTC'`);
    return new PGliteDatabase(database, async () => {
      try {
        await database.close();
      } finally {
        lock?.release();
      }
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
}
