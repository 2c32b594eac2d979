import { PGlite } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';
import { MessageFramer, queryMessage } from './wire-messages.js';

/**
 * The embedded database in a worker thread of its own, so that a long statement never holds up the
 * owning process's event loop (its web server, its socket). The main thread sends whole wire-protocol
 * exchanges (a simple query, or extended-protocol messages up to their Sync) and gets PGlite's answer
 * back as raw protocol bytes; it also sends the chunks of a COPY, which PGlite reads from a blob.
 * See embedded-server.ts for the side that speaks to clients.
 */
export interface WorkerStart {
  /** A folder on disk; undefined for a database in memory. */
  dataDir?: string;
}

export type WorkerRequest =
  | { kind: 'exec'; id: number; bytes: Uint8Array }
  | { kind: 'copy'; id: number; statement: string; parts: Uint8Array[] }
  | { kind: 'close' };

export type WorkerReply =
  | { kind: 'ready'; serverVersion: string }
  | { kind: 'start-failed'; message: string }
  | { kind: 'output'; id: number; bytes: Uint8Array }
  | { kind: 'done'; id: number; bytes: Uint8Array }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'closed' };

/** Answer bytes are sent on in pieces of about this size while a statement still runs. */
const outputChunkBytes = 256 * 1024;

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs as a worker thread');
const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

/** Runs one exchange; answer bytes go out in pieces as they come, the last piece with `done`. */
async function exchange(
  database: PGlite,
  id: number,
  bytes: Uint8Array,
  stream: boolean,
): Promise<Uint8Array> {
  let pieces: Uint8Array[] = [];
  let size = 0;
  // A buffer of its own (never a slice of Node's shared pool), so it can be transferred, not copied.
  const flush = (): Uint8Array => {
    const joined = new Uint8Array(size);
    let offset = 0;
    for (const piece of pieces) {
      joined.set(piece, offset);
      offset += piece.length;
    }
    pieces = [];
    size = 0;
    return joined;
  };
  await database.execProtocolRawStream(bytes, {
    onRawData(data) {
      // A view into the database's memory, valid only during this call: copied.
      pieces.push(data.slice());
      size += data.length;
      if (stream && size >= outputChunkBytes) {
        const piece = flush();
        post({ kind: 'output', id, bytes: piece }, [piece.buffer as ArrayBuffer]);
      }
    },
  });
  return flush();
}

const sharedBuffers = '32MB';

async function start(): Promise<PGlite> {
  const { dataDir } = workerData as WorkerStart;
  const database = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    // PGlite's memory only grows, and its buffer cache is most of it: PostgreSQL's default 128 MB would
    // hold the process near 400 MB after an ingest. The reports read their tables once, in order, where
    // a larger cache buys little (measured in the README's Memory section).
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
  });
  // Reports bucket by an explicit zone; the session's own is pinned so nothing depends on the host's.
  await exchange(database, 0, queryMessage(`SET TIME ZONE 'UTC'`), false);
  return database;
}

let database: PGlite;
try {
  database = await start();
  const answer = Buffer.from(await exchange(database, 0, queryMessage('SHOW server_version'), false));
  const row = new MessageFramer().push(answer).find((message) => message.type === 'D');
  // A DataRow of one column: type, length, the column count (int16), the value's length, the value.
  const serverVersion = row ? row.bytes.subarray(11, 11 + row.bytes.readInt32BE(7)).toString('utf8') : '';
  post({ kind: 'ready', serverVersion });
} catch (error) {
  post({ kind: 'start-failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

// One request at a time, in order: PGlite is a single session.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    if (request.kind === 'close') {
      await database.close();
      post({ kind: 'closed' });
      port.close();
      return;
    }
    try {
      let answer: Uint8Array;
      if (request.kind === 'exec') {
        answer = await exchange(database, request.id, request.bytes, true);
      } else {
        await database._handleBlob(new Blob(request.parts));
        try {
          answer = await exchange(database, request.id, queryMessage(request.statement), false);
        } finally {
          await database._cleanupBlob();
        }
      }
      post({ kind: 'done', id: request.id, bytes: answer }, [answer.buffer as ArrayBuffer]);
    } catch (error) {
      post({
        kind: 'failed',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
});
