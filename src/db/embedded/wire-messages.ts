/**
 * The few PostgreSQL wire-protocol messages the embedded server writes itself (version 3.0, see the
 * PostgreSQL documentation, "Message Formats"), and the framing both directions share: a type byte, then
 * an int32 length that counts itself and the body.
 */

function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const cString = (text: string) => Buffer.from(`${text}\0`, 'utf8');

export const backendMessage = {
  authenticationOk: () => message('R', Buffer.from([0, 0, 0, 0])),
  parameterStatus: (name: string, value: string) =>
    message('S', Buffer.concat([cString(name), cString(value)])),
  backendKeyData(processId: number, secretKey: number): Buffer {
    const body = Buffer.alloc(8);
    body.writeInt32BE(processId, 0);
    body.writeInt32BE(secretKey, 4);
    return message('K', body);
  },
  readyForQuery: (status: TransactionStatus) => message('Z', Buffer.from(status, 'latin1')),
  commandComplete: (tag: string) => message('C', cString(tag)),
  /** COPY ... FROM STDIN accepted: the client may send CopyData; `binary` says the rows' format. */
  copyInResponse(binary: boolean): Buffer {
    // Overall format, then the column count; 0 columns is allowed when the client knows them (it does).
    const body = Buffer.from([binary ? 1 : 0, 0, 0]);
    return message('G', body);
  },
  /** An ErrorResponse with severity, SQLSTATE and message, as a server sends one. */
  errorResponse(code: string, text: string, severity = 'ERROR'): Buffer {
    const fields = Buffer.concat([
      Buffer.from('S'),
      cString(severity),
      Buffer.from('V'),
      cString(severity),
      Buffer.from('C'),
      cString(code),
      Buffer.from('M'),
      cString(text),
      Buffer.from([0]),
    ]);
    return message('E', fields);
  },
};

/** ReadyForQuery's status: idle, in a transaction, in a failed transaction. */
export type TransactionStatus = 'I' | 'T' | 'E';

/** One framed message of a byte stream: its type and the whole message, header included. */
export interface FramedMessage {
  type: string;
  bytes: Buffer;
}

/**
 * Splits a stream of typed messages into whole messages as the bytes arrive; what is left over waits for
 * the next chunk.
 */
export class MessageFramer {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): FramedMessage[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: FramedMessage[] = [];
    let offset = 0;
    while (this.pending.length - offset >= 5) {
      const length = this.pending.readInt32BE(offset + 1);
      if (length < 4) throw new Error(`a protocol message claims a length of ${length} bytes`);
      if (this.pending.length - offset < length + 1) break;
      messages.push({
        type: String.fromCharCode(this.pending[offset] as number),
        bytes: this.pending.subarray(offset, offset + length + 1),
      });
      offset += length + 1;
    }
    this.pending = this.pending.subarray(offset);
    return messages;
  }

  /** Bytes received that do not make a whole message yet. */
  get buffered(): number {
    return this.pending.length;
  }
}

/** The text of a simple Query message ('Q': the SQL, NUL-terminated). */
export function queryText(bytes: Buffer): string {
  return bytes.subarray(5, bytes.length - 1).toString('utf8');
}

/** A simple Query message for `sql`. */
export function queryMessage(sql: string): Buffer {
  return message('Q', cString(sql));
}

/** The ErrorResponse fields of an 'E' message: S(everity), C(ode), M(essage), ... */
export function errorFields(bytes: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  let offset = 5;
  while (offset < bytes.length && bytes[offset] !== 0) {
    const code = String.fromCharCode(bytes[offset] as number);
    const end = bytes.indexOf(0, offset + 1);
    fields.set(code, bytes.subarray(offset + 1, end).toString('utf8'));
    offset = end + 1;
  }
  return fields;
}
