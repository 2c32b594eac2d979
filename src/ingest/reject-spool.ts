import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { encodeCopyRow } from '../db/copy-text.js';
import type { Database } from '../db/database.js';
import type { Reject } from './parsers/parsed-line.js';

const rejectColumns = ['ingest_run_id', 'file', 'line_number', 'raw', 'reason'] as const;

/**
 * Rejects found while a file streams into COPY cannot go to the database at the same moment (one
 * connection runs one COPY), and holding them in memory has no bound. They wait in a temporary file, in
 * COPY format, and are copied into ingest_reject once the data files are in.
 */
export class RejectSpool {
  private folder: string | undefined;
  private file: WriteStream | undefined;
  private count = 0;

  constructor(private readonly ingestRunId: number) {}

  async add(reject: Reject): Promise<void> {
    const file = this.file ?? (await this.open());
    this.count++;
    const line = encodeCopyRow([this.ingestRunId, reject.file, reject.line, reject.raw, reject.reason]);
    if (!file.write(line)) await once(file, 'drain');
  }

  /** Copies every spooled reject into ingest_reject; returns how many. */
  async copyInto(database: Database): Promise<number> {
    if (this.file === undefined || this.folder === undefined) return 0;
    const path = join(this.folder, 'rejects.copy');
    await new Promise<void>((resolve, reject) =>
      this.file?.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    this.file = undefined;
    const copied = await database.copyFrom('ingest_reject', rejectColumns, completeLines(path));
    if (copied !== this.count) throw new Error(`spooled ${this.count} rejects but copied ${copied}`);
    return copied;
  }

  async remove(): Promise<void> {
    this.file?.destroy();
    if (this.folder !== undefined) await rm(this.folder, { recursive: true, force: true });
  }

  private async open(): Promise<WriteStream> {
    this.folder = await mkdtemp(join(tmpdir(), 'perx-rejects-'));
    this.file = createWriteStream(join(this.folder, 'rejects.copy'));
    return this.file;
  }
}

/**
 * COPY input in whole lines: the embedded engine cuts its input into blobs between the strings it gets.
 * The encoded rows hold no raw line breaks, so cutting after the last "\n" of each chunk cuts between rows.
 */
async function* completeLines(path: string): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    const text = carry + (chunk as string);
    const end = text.lastIndexOf('\n') + 1;
    if (end > 0) yield text.slice(0, end);
    carry = text.slice(end);
  }
  if (carry !== '') throw new Error('the reject spool ends inside a row');
}
