import type { TransactionStatus } from './wire-messages.js';

/**
 * PGlite is one database session; the embedded server shares it among many client connections. Work of
 * one connection runs as a task, one task at a time, in the order tasks arrive. A connection whose task
 * leaves the session inside a transaction owns the session until the transaction ends: only its tasks
 * run meanwhile, the others wait, exactly as they would wait for that transaction's locks on a server.
 */
export interface SessionClient {
  readonly processId: number;
  /** The session's transaction status after this client's latest task. */
  status: TransactionStatus;
  /** Ends the client's connection (the scheduler then rolls its transaction back through its cleanup). */
  disconnect(reason: string): void;
}

interface Task {
  client: SessionClient;
  run: () => Promise<TransactionStatus>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class SessionScheduler {
  private readonly queue: Task[] = [];
  private owner: SessionClient | undefined;
  private running = false;
  private ownerIdleTimer: NodeJS.Timeout | undefined;

  /**
   * @param idleInTransactionMs A client that owns the session (is inside a transaction) and sends nothing
   *   for this long while others wait is disconnected, so that a stalled client cannot hold everyone.
   */
  constructor(private readonly idleInTransactionMs: number) {}

  /** Runs `run` when it is the client's turn; `run` returns the transaction status it left. */
  submit(client: SessionClient, run: () => Promise<TransactionStatus>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ client, run, resolve, reject });
      this.pump();
    });
  }

  /**
   * A client's connection ended: its waiting tasks are dropped, and `cleanup` (rolling back what it left
   * open) runs as its last task, before anyone else's when it owned the session.
   */
  forget(client: SessionClient, cleanup: () => Promise<void>): Promise<void> {
    for (let index = this.queue.length - 1; index >= 0; index--) {
      const task = this.queue[index] as Task;
      if (task.client === client) {
        this.queue.splice(index, 1);
        task.reject(new Error('the connection closed'));
      }
    }
    return new Promise((resolve, reject) => {
      const task: Task = {
        client,
        run: async () => {
          await cleanup();
          return 'I';
        },
        resolve,
        reject,
      };
      if (this.owner === client) this.queue.unshift(task);
      else this.queue.push(task);
      this.pump();
    });
  }

  /** Whether a client is inside a transaction: every other client's statements wait for it to end. */
  get held(): boolean {
    return this.owner !== undefined;
  }

  /** Whether no task runs or waits. */
  get idle(): boolean {
    return !this.running && this.queue.length === 0;
  }

  private pump(): void {
    if (this.running) return;
    const index = this.queue.findIndex((task) => this.owner === undefined || task.client === this.owner);
    if (index < 0) {
      this.watchOwner();
      return;
    }
    clearTimeout(this.ownerIdleTimer);
    const [task] = this.queue.splice(index, 1) as [Task];
    this.running = true;
    void task
      .run()
      .then(
        (status) => {
          task.client.status = status;
          this.owner = status === 'I' ? undefined : task.client;
          task.resolve();
        },
        (error: unknown) => {
          // The exchange failed outside the protocol (the database stopped): nobody owns the session now.
          this.owner = undefined;
          task.reject(error);
        },
      )
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }

  /** Others are waiting for a client idle inside its transaction: it gets idleInTransactionMs. */
  private watchOwner(): void {
    clearTimeout(this.ownerIdleTimer);
    const owner = this.owner;
    if (owner === undefined || this.queue.length === 0) return;
    this.ownerIdleTimer = setTimeout(() => {
      if (this.owner === owner && !this.running) {
        owner.disconnect(
          `idle in a transaction for ${this.idleInTransactionMs / 1000} s while other connections waited`,
        );
      }
    }, this.idleInTransactionMs);
    this.ownerIdleTimer.unref();
  }
}
