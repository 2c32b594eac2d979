import { randomInt } from 'node:crypto';
import type { Socket } from 'node:net';
import { binaryCopyChunker, textCopyChunker, type CopyChunker } from './copy-chunks.js';
import type { PGliteEngine } from './pglite-engine.js';
import type { SessionClient, SessionScheduler } from './session-scheduler.js';
import {
  backendMessage,
  MessageFramer,
  queryMessage,
  queryText,
  type FramedMessage,
  type TransactionStatus,
} from './wire-messages.js';

/** The rows of one COPY chunk: PGlite reads each from a blob, so this bounds what one holds. */
const copyChunkBytes = 8 * 1024 * 1024;
/** A client sending faster than the session works is paused past this many bytes unread. */
const inboxLimitBytes = 16 * 1024 * 1024;

const sslRequestCode = 80877103;
const gssEncryptionRequestCode = 80877104;
const cancelRequestCode = 80877102;
const protocolVersion3 = 196608;

/** `COPY <target> FROM STDIN [options]`, alone in a simple query. */
const copyFromStdin = /^\s*COPY\s+([\s\S]+?)\s+FROM\s+STDIN\b([\s\S]*?)[\s;]*$/i;
const binaryFormat = /\bFORMAT\s*[( ]?\s*BINARY\b|\bBINARY\b/i;
const declaredCursor = /\bDECLARE\s+("(?:[^"]|"")+"|[A-Za-z_][\w$]*)/gi;
const closedCursor = /\bCLOSE\s+("(?:[^"]|"")+"|[A-Za-z_][\w$]*)/gi;

/** A Parse message's query: after the type, the length and the statement name (a C string). */
function parseMessageText(bytes: Buffer): string {
  const nameEnd = bytes.indexOf(0, 5);
  const queryEnd = bytes.indexOf(0, nameEnd + 1);
  return bytes.subarray(nameEnd + 1, queryEnd).toString('utf8');
}

/** The ReadyForQuery status at the end of an answer, if it ends with one. */
function finalStatus(tail: Buffer): TransactionStatus | undefined {
  const at = tail.length - 6;
  if (at < 0 || tail[at] !== 0x5a || tail.readInt32BE(at + 1) !== 5) return undefined;
  return String.fromCharCode(tail[at + 5] as number) as TransactionStatus;
}

/**
 * One client connection to the embedded server: the startup handshake, then the client's messages,
 * grouped into exchanges the way a server reads them (a simple query; extended-protocol messages up to
 * their Sync), each run on the shared session as a task of the scheduler. COPY ... FROM STDIN is taken in
 * chunks (copy-chunks.ts). When the connection ends, the transaction and the cursors it left open are
 * closed, so a client that dies leaves nothing behind.
 */
export class EmbeddedConnection implements SessionClient {
  status: TransactionStatus = 'I';
  readonly processId: number;
  private readonly secretKey = randomInt(1, 2 ** 31 - 1);
  private readonly framer = new MessageFramer();
  private readonly inbox: FramedMessage[] = [];
  private inboxBytes = 0;
  private wake: (() => void) | undefined;
  private ended = false;
  private batch: Buffer[] = [];
  private readonly cursors = new Set<string>();

  constructor(
    private readonly socket: Socket,
    processId: number,
    private readonly engine: PGliteEngine,
    private readonly scheduler: SessionScheduler,
  ) {
    this.processId = processId;
  }

  /** Serves the connection until it ends; then rolls back and closes what it left open. */
  async serve(): Promise<void> {
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
    try {
      if (await this.startup()) await this.messages();
    } finally {
      this.ended = true;
      this.socket.destroy();
      await this.scheduler.forget(this, () => this.cleanup()).catch(() => undefined);
    }
  }

  disconnect(reason: string): void {
    this.write(backendMessage.errorResponse('25P03', `terminating connection: ${reason}`, 'FATAL'));
    this.socket.end();
    this.socket.destroy();
  }

  /** Reads the startup packets (SSL and GSS requests are declined); false when the client went away. */
  private async startup(): Promise<boolean> {
    let pending = Buffer.alloc(0);
    for (;;) {
      while (pending.length < 8) {
        const chunk = await this.readRaw();
        if (chunk === undefined) return false;
        pending = Buffer.concat([pending, chunk]);
      }
      const length = pending.readInt32BE(0);
      while (pending.length < length) {
        const chunk = await this.readRaw();
        if (chunk === undefined) return false;
        pending = Buffer.concat([pending, chunk]);
      }
      const code = pending.readInt32BE(4);
      const rest = pending.subarray(length);
      pending = rest;
      if (code === sslRequestCode || code === gssEncryptionRequestCode) {
        this.write(Buffer.from('N'));
        continue;
      }
      if (code === cancelRequestCode) return false;
      if (code !== protocolVersion3) {
        this.write(
          backendMessage.errorResponse(
            '0A000',
            `unsupported frontend protocol ${code >> 16}.${code & 0xffff}`,
            'FATAL',
          ),
        );
        return false;
      }
      this.write(
        Buffer.concat([
          backendMessage.authenticationOk(),
          ...Object.entries({
            server_version: this.engine.serverVersion,
            server_encoding: 'UTF8',
            client_encoding: 'UTF8',
            DateStyle: 'ISO, MDY',
            IntervalStyle: 'postgres',
            TimeZone: 'UTC',
            integer_datetimes: 'on',
            standard_conforming_strings: 'on',
          }).map(([name, value]) => backendMessage.parameterStatus(name, value)),
          backendMessage.backendKeyData(this.processId, this.secretKey),
          backendMessage.readyForQuery('I'),
        ]),
      );
      this.socket.removeAllListeners('data');
      this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
      if (rest.length > 0) this.receive(rest);
      this.socket.resume();
      return true;
    }
  }

  /** One raw chunk of the startup phase; undefined when the socket closed. */
  private readRaw(): Promise<Buffer | undefined> {
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onData = (chunk: Buffer) => {
        cleanup();
        resolve(chunk);
      };
      const onClose = () => {
        cleanup();
        resolve(undefined);
      };
      const cleanup = () => {
        this.socket.off('data', onData);
        this.socket.off('close', onClose);
      };
      this.socket.on('data', onData);
      this.socket.on('close', onClose);
    });
  }

  private receive(chunk: Buffer): void {
    let messages: FramedMessage[];
    try {
      messages = this.framer.push(chunk);
    } catch (error) {
      this.disconnect(error instanceof Error ? error.message : String(error));
      return;
    }
    for (const message of messages) {
      this.inbox.push(message);
      this.inboxBytes += message.bytes.length;
    }
    if (this.inboxBytes > inboxLimitBytes) this.socket.pause();
    this.wake?.();
  }

  private async next(): Promise<FramedMessage | undefined> {
    for (;;) {
      const message = this.inbox.shift();
      if (message) {
        this.inboxBytes -= message.bytes.length;
        if (this.inboxBytes <= inboxLimitBytes / 2 && this.socket.isPaused()) this.socket.resume();
        return message;
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  private async messages(): Promise<void> {
    for (let message = await this.next(); message; message = await this.next()) {
      switch (message.type) {
        case 'X':
          return;
        case 'Q': {
          const text = queryText(message.bytes);
          this.trackCursors(text);
          const copy = copyFromStdin.exec(text);
          if (copy) {
            // The CopyData that follows is read by the COPY task itself, so the loop waits for it.
            await this.scheduler
              .submit(this, () => this.copy(copy[1] as string, copy[2] ?? ''))
              .catch(() => undefined);
          } else {
            this.run([message.bytes]);
          }
          break;
        }
        case 'S':
        case 'H':
          this.batch.push(message.bytes);
          this.run(this.batch);
          this.batch = [];
          break;
        case 'P':
          this.trackCursors(parseMessageText(message.bytes));
          this.batch.push(message.bytes);
          break;
        default:
          this.batch.push(message.bytes);
      }
    }
  }

  /** Queues one exchange; its answer streams back to the client as the session produces it. */
  private run(messages: Buffer[]): void {
    const bytes = Buffer.concat(messages);
    void this.scheduler.submit(this, () => this.exchange(bytes)).catch(() => undefined);
  }

  private async exchange(bytes: Buffer): Promise<TransactionStatus> {
    let tail = Buffer.alloc(0);
    const forward = (piece: Buffer) => {
      this.write(piece);
      tail = Buffer.concat([tail, piece.subarray(Math.max(0, piece.length - 6))]).subarray(-6);
    };
    try {
      forward(await this.engine.exec(bytes, forward));
    } catch (error) {
      this.disconnect(error instanceof Error ? error.message : String(error));
      throw error;
    }
    return finalStatus(tail) ?? this.status;
  }

  /**
   * COPY ... FROM STDIN: the client's rows go in as chunks, each a COPY ... FROM '/dev/blob', all in one
   * transaction (the client's own, or one opened here), so the COPY loads all its rows or none.
   */
  private async copy(target: string, options: string): Promise<TransactionStatus> {
    const binary = binaryFormat.test(options);
    const statement = `COPY ${target} FROM '/dev/blob'${options}`;
    const chunker: CopyChunker = binary ? binaryCopyChunker(copyChunkBytes) : textCopyChunker(copyChunkBytes);
    const ownTransaction = this.status === 'I';
    if (ownTransaction) await this.engine.exec(queryMessage('BEGIN'), () => undefined);
    this.write(backendMessage.copyInResponse(binary));
    let rows = 0;
    let failure: Buffer | undefined;
    const load = async (chunk: Buffer[] | undefined) => {
      if (!chunk || failure) return;
      const answer = await this.engine.copy(statement, chunker.blobParts(chunk));
      for (const message of new MessageFramer().push(answer)) {
        if (message.type === 'E') failure = message.bytes;
        if (message.type === 'C')
          rows += Number(/\d+/.exec(message.bytes.subarray(5).toString('latin1'))?.[0] ?? 0);
      }
    };
    for (let message = await this.next(); ; message = await this.next()) {
      if (message === undefined) {
        // The client went away mid-COPY: nothing of it stays.
        if (ownTransaction) await this.engine.exec(queryMessage('ROLLBACK'), () => undefined);
        return ownTransaction ? 'I' : 'E';
      }
      if (message.type === 'd') {
        try {
          await load(chunker.push(message.bytes.subarray(5)));
        } catch (error) {
          failure ??= backendMessage.errorResponse(
            '22P04',
            error instanceof Error ? error.message : String(error),
          );
        }
        continue;
      }
      if (message.type === 'H' || message.type === 'S') continue;
      if (message.type === 'c') {
        await load(chunker.end()).catch((error: unknown) => {
          failure ??= backendMessage.errorResponse(
            '22P04',
            error instanceof Error ? error.message : String(error),
          );
        });
      } else {
        // CopyFail carries the client's reason as a C string.
        const reason = message.type === 'f' ? message.bytes.subarray(5, -1).toString('utf8') : undefined;
        failure ??= backendMessage.errorResponse(
          '57014',
          `COPY from stdin failed${reason ? `: ${reason}` : ''}`,
        );
      }
      return this.finishCopy(ownTransaction, failure, rows);
    }
  }

  private async finishCopy(
    ownTransaction: boolean,
    failure: Buffer | undefined,
    rows: number,
  ): Promise<TransactionStatus> {
    if (failure) {
      let status: TransactionStatus = 'I';
      if (ownTransaction) await this.engine.exec(queryMessage('ROLLBACK'), () => undefined);
      else {
        // The client's transaction fails with its COPY, as on a server: later statements are refused.
        await this.engine.exec(
          queryMessage(`DO $perx$ BEGIN RAISE EXCEPTION 'COPY failed'; END $perx$`),
          () => undefined,
        );
        status = 'E';
      }
      this.write(Buffer.concat([failure, backendMessage.readyForQuery(status)]));
      return status;
    }
    if (ownTransaction) await this.engine.exec(queryMessage('COMMIT'), () => undefined);
    const status: TransactionStatus = ownTransaction ? 'I' : 'T';
    this.write(
      Buffer.concat([backendMessage.commandComplete(`COPY ${rows}`), backendMessage.readyForQuery(status)]),
    );
    return status;
  }

  private trackCursors(text: string): void {
    for (const match of text.matchAll(declaredCursor)) this.cursors.add(match[1] as string);
    for (const match of text.matchAll(closedCursor)) {
      const name = match[1] as string;
      if (name.toUpperCase() === 'ALL') this.cursors.clear();
      else this.cursors.delete(name);
    }
  }

  /** What a connection that ended left open: its transaction, its cursors (WITH HOLD ones outlive it). */
  private async cleanup(): Promise<void> {
    if (this.status !== 'I') await this.engine.exec(queryMessage('ROLLBACK'), () => undefined);
    this.status = 'I';
    for (const name of this.cursors) await this.engine.exec(queryMessage(`CLOSE ${name}`), () => undefined);
    this.cursors.clear();
  }

  private write(bytes: Buffer): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(bytes);
  }
}
