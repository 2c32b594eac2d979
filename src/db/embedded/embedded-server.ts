import { chmod, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { PerxError } from '../../errors.js';
import { EmbeddedConnection } from './embedded-connection.js';
import type { PGliteEngine } from './pglite-engine.js';
import { SessionScheduler } from './session-scheduler.js';

/** A client idle inside a transaction for this long, while others wait, is disconnected. */
const idleInTransactionMs = 2 * 60_000;

/**
 * The embedded database as a PostgreSQL server on a Unix socket: every perx command, the owner's own
 * included, speaks the wire protocol to it through `pg`, the driver it uses for a real server. The socket
 * file is readable by this user only.
 */
export class EmbeddedServer {
  private readonly connections = new Set<Socket>();
  private readonly served = new Set<Promise<void>>();
  private nextProcessId = 1000;

  private constructor(
    private readonly server: Server,
    private readonly scheduler: SessionScheduler,
    readonly socketPath: string,
  ) {}

  static async listen(engine: PGliteEngine, socketPath: string): Promise<EmbeddedServer> {
    const scheduler = new SessionScheduler(idleInTransactionMs);
    // A socket file left by an owner that died is in the way; the folder lock says no owner lives.
    await rm(socketPath, { force: true });
    const server = createServer({ pauseOnConnect: true });
    const embedded = new EmbeddedServer(server, scheduler, socketPath);
    server.on('connection', (socket) => embedded.accept(socket, engine));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(new PerxError(`cannot serve the embedded database on ${socketPath}: ${error.message}`)),
      );
      server.listen(socketPath, () => resolve());
    });
    await chmod(socketPath, 0o600);
    return embedded;
  }

  /** Whether a connection's open transaction holds the database: a new statement would wait for it. */
  get held(): boolean {
    return this.scheduler.held;
  }

  /** Connections open now, the owner's own pool included. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Stops accepting connections and waits for the open ones to end for up to `graceMs` (Infinity: as long
   * as they last); then cuts the rest, whose transactions are rolled back, and waits for that.
   */
  async close(graceMs: number): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const drained = Promise.all([...this.served]);
    if (Number.isFinite(graceMs)) {
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'expired'>((resolve) => {
        timer = setTimeout(() => resolve('expired'), graceMs);
      });
      if ((await Promise.race([drained, expired])) === 'expired') {
        for (const socket of this.connections) socket.destroy();
      }
      clearTimeout(timer);
    }
    await Promise.all([drained, stopped]);
    await rm(this.socketPath, { force: true });
  }

  private accept(socket: Socket, engine: PGliteEngine): void {
    this.connections.add(socket);
    const connection = new EmbeddedConnection(socket, this.nextProcessId++, engine, this.scheduler);
    socket.resume();
    const served = connection.serve().finally(() => {
      this.connections.delete(socket);
      this.served.delete(served);
    });
    this.served.add(served);
  }
}
