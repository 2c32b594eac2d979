import { Worker } from 'node:worker_threads';
import { PerxError } from '../../errors.js';
import type { WorkerReply, WorkerRequest, WorkerStart } from './pglite-worker.js';

interface Waiting {
  onOutput?: ((bytes: Buffer) => void) | undefined;
  resolve: (bytes: Buffer) => void;
  reject: (error: Error) => void;
}

/**
 * The main thread's handle on the PGlite worker (pglite-worker.ts): exchanges run one after another in the
 * worker, each answer streamed back.
 */
export class PGliteEngine {
  /** When the exchange now running began; undefined while idle. For health reports. */
  busySince: number | undefined;
  serverVersion = '';
  private nextId = 1;
  private readonly pending = new Map<number, Waiting>();
  private exited: Error | undefined;
  private closing: Promise<void> | undefined;
  private readonly started: Promise<void>;

  private constructor(private readonly worker: Worker) {
    let ready: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    this.started = new Promise<void>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    // One listener for the worker's whole life: a worker stops delivering messages when it has none.
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'ready') {
        this.serverVersion = reply.serverVersion;
        ready();
      } else if (reply.kind === 'start-failed') {
        failed(new PerxError(`cannot open the embedded database: ${reply.message}`));
      } else {
        this.receive(reply);
      }
    });
    worker.on('error', (error) => {
      failed(error);
      this.fail(error);
    });
    worker.on('exit', (code) => {
      const error = new PerxError(`the embedded database stopped unexpectedly (exit code ${code})`);
      failed(error);
      if (!this.closing) this.fail(error);
    });
  }

  static async start(options: WorkerStart): Promise<PGliteEngine> {
    const worker = import.meta.url.endsWith('.ts')
      ? // From TypeScript sources (tests, development, run from the project folder) the worker registers
        // tsx before it imports its module: a worker's `--import tsx` registers it too late for its entry.
        new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./pglite-worker.ts', import.meta.url).href)}); })`,
          { eval: true, workerData: options },
        )
      : new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: options });
    const engine = new PGliteEngine(worker);
    try {
      await engine.started;
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return engine;
  }

  /** Runs protocol messages; `onOutput` gets the answer in pieces, the promise the last piece. */
  exec(bytes: Buffer, onOutput: (bytes: Buffer) => void): Promise<Buffer> {
    return this.request({ kind: 'exec', bytes: new Uint8Array(bytes) }, onOutput);
  }

  /** Runs `statement`, a COPY ... FROM '/dev/blob', with these bytes as the blob; returns its answer. */
  copy(statement: string, parts: readonly Buffer[]): Promise<Buffer> {
    return this.request({ kind: 'copy', statement, parts: parts.map((part) => new Uint8Array(part)) });
  }

  /** Closes the database cleanly (its files consistent), after the exchange running now. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.exited) return;
      const closed = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.postMessage({ kind: 'close' } satisfies WorkerRequest);
      await closed;
    })();
    return this.closing;
  }

  /** Whether the worker runs and takes work (it has not failed, and is not closing). */
  get alive(): boolean {
    return this.exited === undefined && this.closing === undefined;
  }

  private request(
    request: { kind: 'exec'; bytes: Uint8Array } | { kind: 'copy'; statement: string; parts: Uint8Array[] },
    onOutput?: (bytes: Buffer) => void,
  ): Promise<Buffer> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    this.busySince ??= Date.now();
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, { onOutput, resolve, reject });
      this.worker.postMessage({ ...request, id } satisfies WorkerRequest);
    });
  }

  private receive(reply: Exclude<WorkerReply, { kind: 'ready' | 'start-failed' }>): void {
    if (reply.kind === 'closed') return;
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    if (reply.kind === 'output') {
      waiting.onOutput?.(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
      return;
    }
    this.pending.delete(reply.id);
    this.busySince = this.pending.size > 0 ? Date.now() : undefined;
    if (reply.kind === 'done') {
      waiting.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
    } else {
      waiting.reject(new PerxError(`the embedded database failed: ${reply.message}`));
    }
  }

  private fail(error: Error): void {
    this.exited = error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    this.busySince = undefined;
  }
}
