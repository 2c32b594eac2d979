/**
 * The one interface both engines implement. Everything above the db folder speaks only to this, so the
 * same SQL runs on PostgreSQL and on embedded PGlite.
 */
export type Engine = 'postgres' | 'pglite';

/**
 * A Citus cluster behind the PostgreSQL server perx talks to (its coordinator): the schema is then
 * distributed (citus.ts) and the reports run as distributed statements. Found when the database is opened.
 */
export interface CitusCluster {
  /** Active primary worker nodes. */
  workers: number;
}

export interface TransactionOptions {
  signal?: AbortSignal | undefined;
}

export interface Database {
  readonly engine: Engine;
  /** The Citus cluster when the server is a coordinator with active workers; undefined otherwise. */
  readonly citus: CitusCluster | undefined;
  /** Runs one parameterized statement and returns its rows. */
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations, staging DDL). */
  execute(sql: string): Promise<void>;
  /** Streams the rows of one parameterized query through a cursor, so memory stays flat. */
  stream<T extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    batchSize?: number,
  ): AsyncIterable<T>;
  /**
   * Bulk-loads COPY text-format lines (each ending in "\n") into a table; returns the number of rows.
   * Use encodeCopyRow() to build the lines.
   */
  copyFrom(
    table: string,
    columns: readonly string[],
    lines: AsyncIterable<string> | Iterable<string>,
  ): Promise<number>;
  /**
   * Bulk-loads rows in the binary COPY format: chunks of whole tuples, without the file header and
   * trailer, which the engine adds (see BinaryTupleWriter in copy-binary.ts). Returns the number of rows.
   * `freeze` loads the rows already frozen and all-visible (COPY ... FREEZE), which the server allows only
   * into a table created in the current transaction, outside any savepoint opened since.
   */
  copyBinaryFrom(
    table: string,
    columns: readonly string[],
    tuples: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    options?: { freeze?: boolean },
  ): Promise<number>;
  /**
   * Runs work in one transaction; it commits when work resolves and rolls back when it throws. Inside a
   * transaction it opens a savepoint instead. An aborted `signal` cancels the statement running on a
   * PostgreSQL server, so the work fails at once rather than when that statement ends.
   */
  transaction<T>(work: (db: Database) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Whether the database answers, without waiting long: 'ok' when a trivial query came back within
   * `timeoutMs`; 'busy' when it did not, or at once when the embedded database this process serves is in
   * the middle of a statement (it runs one at a time). Throws when the database cannot be reached.
   */
  probe(timeoutMs: number): Promise<'ok' | 'busy'>;
  /**
   * On a server: the key of a session-level advisory lock this process holds while it lives (taken on
   * first use), which a run records so that others can tell when its owner is gone (run-owners.ts).
   * Undefined on the embedded engine, whose connections share one session: there the process is named.
   */
  runOwnerLock(): Promise<readonly [number, number] | undefined>;
  close(): Promise<void>;
}

/**
 * PostgreSQL type OIDs whose text form the two engines must turn into the same JavaScript values:
 * timestamptz becomes a Timestamp (db/timestamp.ts), exact to the microsecond, BC years included.
 */
export const pgTypeOid = {
  int8: 20,
  numeric: 1700,
  int8Array: 1016,
  numericArray: 1231,
  textArray: 1009,
  timestamptz: 1184,
  timestamptzArray: 1185,
} as const;

/** An int8 value (an id, a count): a number when a double holds it exactly, a bigint beyond. */
export type Int8 = number | bigint;

/**
 * int8 (ids, counts) becomes a number on both engines instead of a string (pg) when a double holds it
 * exactly, as every count and the ids of the Perx data do; an id beyond 2^53 - 1, which the bigint
 * columns hold, becomes a bigint, never a rounded number.
 */
export function parseInt8(text: string): Int8 {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

/** numeric (rounded percentages, ratios) becomes a number. */
export function parseSafeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) && /^-?\d+$/.test(text)) {
    throw new RangeError(`integer ${text} is beyond the range JavaScript numbers hold exactly`);
  }
  return value;
}

/** What the database is, in words: "PGlite", "PostgreSQL" or "Citus with N workers". */
export function describeEngine(database: Pick<Database, 'engine' | 'citus'>): string {
  if (database.engine === 'pglite') return 'PGlite';
  if (database.citus === undefined) return 'PostgreSQL';
  return `Citus with ${database.citus.workers} worker${database.citus.workers === 1 ? '' : 's'}`;
}
