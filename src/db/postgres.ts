import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { userInfo } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { binaryCopyHeader, binaryCopyTrailer } from './copy-binary.js';
import { copyStatement } from './copy-text.js';
import { detectCitus } from './citus.js';
import { OwnerLock } from './owner-lock.js';
import {
  parseInt8,
  parseSafeNumber,
  type CitusCluster,
  pgTypeOid,
  type Database,
  type Engine,
  type TransactionOptions,
} from './database.js';
import { parsePostgresTimestamp } from './timestamp.js';

/** How database values become JavaScript values, on every engine: see pgTypeOid. */
function typeParsers(): pg.CustomTypesConfig {
  type ParsedArray = (string | number | null | ParsedArray)[];
  const numberArrayParser = (oid: number, parseItem: (text: string) => unknown) => {
    const parseTextArray = pg.types.getTypeParser(oid) as (text: string) => ParsedArray;
    // Each item of every dimension: '{{1,2},{3,4}}' holds arrays of items.
    const parseItems = (items: ParsedArray): unknown[] =>
      items.map((item) =>
        item === null ? null : Array.isArray(item) ? parseItems(item) : parseItem(String(item)),
      );
    return (text: string) => parseItems(parseTextArray(text));
  };
  const textArrayOid: number = pgTypeOid.textArray;
  const parseTextArray = pg.types.getTypeParser(textArrayOid) as (text: string) => (string | null)[];
  const timestampArrayParser = (text: string) =>
    parseTextArray(text).map((item) => (item === null ? null : parsePostgresTimestamp(item)));
  // A one-dimensional int8[] without NULLs (every id list of a session) is digits, minus signs and
  // commas between braces, split at once; the generic array parser, then pg's int8 parser, then parseInt8
  // took a third of the API's time on pages of sessions with long lists.
  const parseGenericInt8Array = numberArrayParser(pgTypeOid.int8Array, parseInt8);
  const plainInt8Array = /^\{[-\d,]*\}$/;
  const parseInt8Array = (text: string) => {
    if (!plainInt8Array.test(text)) return parseGenericInt8Array(text);
    return text.length === 2 ? [] : text.slice(1, -1).split(',').map(parseInt8);
  };
  const parsers = new Map<number, (text: string) => unknown>([
    [pgTypeOid.int8, parseInt8],
    [pgTypeOid.numeric, parseSafeNumber],
    [pgTypeOid.int8Array, parseInt8Array],
    [pgTypeOid.numericArray, numberArrayParser(pgTypeOid.numericArray, parseSafeNumber)],
    [pgTypeOid.timestamptz, parsePostgresTimestamp],
    [pgTypeOid.timestamptzArray, timestampArrayParser],
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

/**
 * Every engine through one driver, pg: a PostgreSQL (or Citus) server over TCP, or the embedded PGlite
 * served on a Unix socket by the process that owns its folder (embedded/embedded-owner.ts). The few
 * differences are the embedded engine's: one session shared by every connection, so a stream outside a
 * transaction uses a WITH HOLD cursor (it must not hold the session for the whole download), and a
 * running statement cannot be cancelled.
 */
class PostgresDatabase implements Database {
  constructor(
    private readonly pool: pg.Pool,
    readonly engine: Engine,
    readonly citus: CitusCluster | undefined,
    private readonly client?: pg.PoolClient,
    private readonly hooks: { onClose?: () => Promise<void>; busy?: () => boolean } = {},
    private readonly ownerLock?: OwnerLock,
  ) {}

  runOwnerLock(): Promise<readonly [number, number] | undefined> {
    return this.ownerLock ? this.ownerLock.key() : Promise.resolve(undefined);
  }

  async probe(timeoutMs: number): Promise<'ok' | 'busy'> {
    if (this.hooks.busy?.()) return 'busy';
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'busy'>((resolve) => {
      timer = setTimeout(() => resolve('busy'), timeoutMs);
    });
    try {
      return await Promise.race([this.query('SELECT 1').then(() => 'ok' as const), late]);
    } finally {
      clearTimeout(timer);
    }
  }

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
    if (this.client) {
      yield* this.fetchAll<T>(this.client, 'NO SCROLL CURSOR', sql, params, batchSize);
      return;
    }
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const keep = (error: unknown) => {
      broken = error instanceof Error ? error : new Error(String(error));
    };
    if (this.engine === 'pglite') {
      // Outside a transaction the cursor outlives its statement (WITH HOLD), so other connections use the
      // one embedded session between fetches instead of waiting for the consumer.
      try {
        yield* this.fetchAll<T>(client, 'NO SCROLL CURSOR WITH HOLD', sql, params, batchSize);
      } finally {
        client.release(broken);
      }
      return;
    }
    // A cursor lives only inside a transaction, so a stream outside one opens its own.
    let committed = false;
    try {
      await client.query('BEGIN READ ONLY');
      yield* this.fetchAll<T>(client, 'NO SCROLL CURSOR', sql, params, batchSize);
      await client.query('COMMIT');
      committed = true;
    } finally {
      // Also when the consumer stops early (return() on this generator skips the COMMIT above): the
      // connection goes back to the pool only once its transaction has ended, or is discarded.
      if (!committed) await client.query('ROLLBACK').catch(keep);
      client.release(broken);
    }
  }

  /** Declares a cursor and fetches it to the end in batches; closes it however the consumer stops. */
  private async *fetchAll<T extends object>(
    client: pg.PoolClient,
    kind: string,
    sql: string,
    params: readonly unknown[],
    batchSize: number,
  ): AsyncIterable<T> {
    // Named uniquely across processes: the embedded engine's processes share one session.
    const cursor = `perx_cursor_${process.pid}_${cursorSequence++}`;
    await client.query(`DECLARE ${cursor} ${kind} FOR ${sql}`, params as unknown[]);
    try {
      for (;;) {
        const { rows } = await client.query<T>(`FETCH ${batchSize} FROM ${cursor}`);
        yield* rows;
        if (rows.length < batchSize) break;
      }
    } finally {
      await client.query(`CLOSE ${cursor}`).catch(() => undefined);
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
    options: { freeze?: boolean } = {},
  ): Promise<number> {
    async function* withHeaderAndTrailer(): AsyncGenerator<Uint8Array> {
      yield binaryCopyHeader;
      yield* tuples;
      yield binaryCopyTrailer;
    }
    return this.copyStream(
      copyStatement(table, columns, `STDIN WITH (FORMAT binary${options.freeze ? ', FREEZE' : ''})`),
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
    // The embedded engine cannot cancel a statement; its work sees the abort between statements.
    const cancel =
      options.signal && this.engine !== 'pglite'
        ? await this.cancelOnAbort(client, options.signal)
        : undefined;
    try {
      await client.query('BEGIN');
      const result = await work(
        new PostgresDatabase(this.pool, this.engine, this.citus, client, this.hooks, this.ownerLock),
      );
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
    if (this.client) return;
    try {
      await this.ownerLock?.release();
      await this.pool.end();
    } finally {
      await this.hooks.onClose?.();
    }
  }
}

let cursorSequence = 0;

export interface PostgresOptions {
  /** A server's URL; or else `socketDirectory`, where the embedded owner serves (embedded-owner.ts). */
  connectionString?: string;
  socketDirectory?: string;
  /** The engine behind it; default 'postgres'. */
  engine?: Engine;
  maxConnections?: number;
  applicationName?: string;
  /** Runs after the pool has ended: the embedded owner shuts its database down there. */
  onClose?: () => Promise<void>;
  /** Whether the database this process serves is in the middle of a statement (see probe()). */
  busy?: () => boolean;
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
  const target =
    options.connectionString !== undefined
      ? { connectionString: withDefaultUser(options.connectionString) }
      : { host: options.socketDirectory, port: 5432, user: 'postgres', database: 'postgres' };
  const engine = options.engine ?? 'postgres';
  const connection: pg.ClientConfig = {
    ...target,
    application_name: options.applicationName ?? 'perx-analytics',
    // Reports bucket by an explicit reporting zone; the session zone is pinned so nothing depends on the
    // server's. Timestamps are read in the ISO form parsePostgresTimestamp expects, whatever the server's
    // default. A server checks every second that the client is still there while a statement runs, and
    // stops the statement when it is not (a `kill -9`, a lost network): a dead client's work ends at once.
    options:
      engine === 'postgres'
        ? '-c TimeZone=UTC -c DateStyle=ISO,MDY -c client_connection_check_interval=1000'
        : '-c TimeZone=UTC -c DateStyle=ISO,MDY',
    keepAlive: true,
    types: typeParsers(),
  };
  const pool = new pg.Pool({ ...connection, max: options.maxConnections ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reports the error.
  pool.on('error', () => undefined);
  let citus: CitusCluster | undefined;
  try {
    // The first query also proves the server answers; a server may be a Citus coordinator (citus.ts).
    if (engine === 'postgres') citus = await detectCitus(pool);
    else await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return new PostgresDatabase(
    pool,
    engine,
    citus,
    undefined,
    {
      ...(options.onClose ? { onClose: options.onClose } : {}),
      ...(options.busy ? { busy: options.busy } : {}),
    },
    // The embedded engine's connections share one session: its runs are told apart by process instead.
    engine === 'pglite' ? undefined : new OwnerLock(connection),
  );
}
