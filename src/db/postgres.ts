import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { userInfo } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { binaryCopyHeader, binaryCopyTrailer } from './copy-binary.js';
import { copyStatement } from './copy-text.js';
import { parseSafeNumber, pgTypeOid, type Database, type TransactionOptions } from './database.js';

/** Same JavaScript values as the PGlite engine: see pgTypeOid. */
function typeParsers(): pg.CustomTypesConfig {
  const numberArrayParser = (oid: number) => {
    const parseTextArray = pg.types.getTypeParser(oid) as (text: string) => (string | number | null)[];
    return (text: string) =>
      parseTextArray(text).map((item) => (item === null ? null : parseSafeNumber(String(item))));
  };
  const parsers = new Map<number, (text: string) => unknown>([
    [pgTypeOid.int8, parseSafeNumber],
    [pgTypeOid.numeric, parseSafeNumber],
    [pgTypeOid.int8Array, numberArrayParser(pgTypeOid.int8Array)],
    [pgTypeOid.numericArray, numberArrayParser(pgTypeOid.numericArray)],
  ]);
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      parsers.get(oid) ??
      (pg.types.getTypeParser(oid, format) as (
        text: string,
      ) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
  };
}

type Queryable = pg.Pool | pg.PoolClient;

class PostgresDatabase implements Database {
  readonly engine = 'postgres' as const;

  constructor(
    private readonly pool: pg.Pool,
    private readonly client?: pg.PoolClient,
  ) {}

  private get target(): Queryable {
    return this.client ?? this.pool;
  }

  async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.target.query<T>(sql, params as unknown[]);
    return result.rows;
  }

  async execute(sql: string): Promise<void> {
    await this.target.query(sql);
  }

  async *stream<T extends object>(
    sql: string,
    params: readonly unknown[] = [],
    batchSize = 2000,
  ): AsyncIterable<T> {
    // A cursor lives only inside a transaction, so a stream outside one opens its own.
    if (!this.client) {
      const client = await this.pool.connect();
      let committed = false;
      let broken: Error | undefined;
      try {
        await client.query('BEGIN READ ONLY');
        yield* new PostgresDatabase(this.pool, client).stream<T>(sql, params, batchSize);
        await client.query('COMMIT');
        committed = true;
      } finally {
        // Also when the consumer stops early (return() on this generator skips the COMMIT above): the
        // connection goes back to the pool only once its transaction has ended, or is discarded.
        if (!committed) {
          await client.query('ROLLBACK').catch((error: unknown) => {
            broken = error instanceof Error ? error : new Error(String(error));
          });
        }
        client.release(broken);
      }
      return;
    }
    const cursor = `perx_cursor_${cursorSequence++}`;
    await this.client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, params as unknown[]);
    try {
      for (;;) {
        const { rows } = await this.client.query<T>(`FETCH ${batchSize} FROM ${cursor}`);
        yield* rows;
        if (rows.length < batchSize) break;
      }
    } finally {
      await this.client.query(`CLOSE ${cursor}`).catch(() => undefined);
    }
  }

  async copyFrom(
    table: string,
    columns: readonly string[],
    lines: AsyncIterable<string> | Iterable<string>,
  ): Promise<number> {
    return this.copyStream(copyStatement(table, columns, 'STDIN'), lines);
  }

  async copyBinaryFrom(
    table: string,
    columns: readonly string[],
    tuples: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<number> {
    async function* withHeaderAndTrailer(): AsyncGenerator<Uint8Array> {
      yield binaryCopyHeader;
      yield* tuples;
      yield binaryCopyTrailer;
    }
    return this.copyStream(
      copyStatement(table, columns, 'STDIN WITH (FORMAT binary)'),
      withHeaderAndTrailer(),
    );
  }

  private async copyStream(
    statement: string,
    data: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  ): Promise<number> {
    const run = async (client: pg.PoolClient): Promise<number> => {
      const copy = client.query(copyFromStdin(statement));
      await pipeline(Readable.from(data, { objectMode: false }), copy);
      return copy.rowCount ?? 0;
    };
    if (this.client) return run(this.client);
    const client = await this.pool.connect();
    try {
      return await run(client);
    } finally {
      client.release();
    }
  }

  async transaction<T>(work: (db: Database) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.client) {
      // Nested work joins the open transaction through a savepoint, so a failure undoes only its part.
      const savepoint = `perx_savepoint_${cursorSequence++}`;
      await this.client.query(`SAVEPOINT ${savepoint}`);
      try {
        const result = await work(this);
        await this.client.query(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await this.client.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      }
    }
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const cancel = options.signal && (await this.cancelOnAbort(client, options.signal));
    try {
      await client.query('BEGIN');
      const result = await work(new PostgresDatabase(this.pool, client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection whose transaction cannot be ended is discarded, never handed to the next caller.
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      cancel?.dispose();
      client.release(broken);
    }
  }

  /** While the signal is not aborted: on abort, the server cancels the statement the client is running. */
  private async cancelOnAbort(client: pg.PoolClient, signal: AbortSignal): Promise<{ dispose(): void }> {
    const [backend] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const onAbort = () => {
      void this.pool.query('SELECT pg_cancel_backend($1)', [backend?.pid]).catch(() => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return { dispose: () => signal.removeEventListener('abort', onAbort) };
  }

  async close(): Promise<void> {
    if (!this.client) await this.pool.end();
  }
}

let cursorSequence = 0;

export interface PostgresOptions {
  connectionString: string;
  maxConnections?: number;
  applicationName?: string;
}

/**
 * libpq falls back to the login name when the URL names no user; pg looks only at $USER, which is unset
 * in containers and CI, so the URL gets the same fallback.
 */
function withDefaultUser(connectionString: string): string {
  const url = new URL(connectionString);
  if (url.username || process.env.PGUSER) return connectionString;
  url.username = userInfo().username;
  return url.toString();
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: withDefaultUser(options.connectionString),
    max: options.maxConnections ?? 4,
    application_name: options.applicationName ?? 'perx-analytics',
    // Reports bucket by an explicit reporting zone; the session zone is pinned so nothing depends on the server's.
    options: '-c TimeZone=UTC',
    types: typeParsers(),
  });
  // An idle client that loses its server must not crash the process; the next query reports the error.
  pool.on('error', () => undefined);
  const database = new PostgresDatabase(pool);
  try {
    await database.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return database;
}
