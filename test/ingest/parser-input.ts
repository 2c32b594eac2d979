import { Readable } from 'node:stream';
import type { DataFileInput, Parsed } from '../../src/ingest/parsers/parsed-line.js';
import { Reject } from '../../src/ingest/parsers/parsed-line.js';

/** A file's bytes as a parser receives them, cut into chunks of `chunkBytes` (default: one chunk). */
export function inputOf(name: string, content: string | Buffer, chunkBytes?: number): DataFileInput {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const size = chunkBytes ?? Math.max(bytes.length, 1);
  const pieces: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) pieces.push(bytes.subarray(start, start + size));
  return { name, path: `/fixtures/${name}`, chunks: Readable.from(pieces) as AsyncIterable<Buffer> };
}

export async function collect<Row>(
  parsed: AsyncIterable<Parsed<Row>>,
): Promise<{ rows: Row[]; rejects: Reject[] }> {
  const rows: Row[] = [];
  const rejects: Reject[] = [];
  for await (const item of parsed) {
    if (item instanceof Reject) rejects.push(item);
    else rows.push(item);
  }
  return { rows, rejects };
}

/** Rejects as plain objects, for toEqual against hand-written expectations. */
export function plain(
  rejects: readonly Reject[],
): { file: string; line: number; raw: string; reason: string }[] {
  return rejects.map(({ file, line, raw, reason }) => ({ file, line, raw, reason }));
}
