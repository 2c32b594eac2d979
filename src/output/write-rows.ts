import type { Writable } from 'node:stream';
import { csvChunks } from './csv.js';
import { jsonChunks } from './json.js';
import { ndjsonChunks } from './ndjson.js';
import { tableChunks } from './table.js';
import type { OutputRow, RowSource } from './values.js';

export const outputFormats = ['table', 'csv', 'json', 'ndjson'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** The media type of each format, for HTTP downloads. */
export const outputMediaTypes: Readonly<Record<OutputFormat, string>> = {
  table: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/**
 * The rows rendered in a format, as text chunks, instants on the clock of `timeZone`; nothing is held
 * beyond the table's width sample.
 */
export function formatRows(
  rows: RowSource,
  format: OutputFormat,
  columns: readonly string[],
  timeZone: string,
): AsyncIterable<string> {
  switch (format) {
    case 'table':
      return tableChunks(rows, columns, { timeZone });
    case 'csv':
      return csvChunks(rows, columns, timeZone);
    case 'json':
      return jsonChunks(rows, columns, timeZone);
    case 'ndjson':
      return ndjsonChunks(rows, columns, timeZone);
  }
}

/** Resolves when the stream wants more, rejects when it fails or closes first. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('error', settle);
      out.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error('the output stream closed early'));
    out.on('drain', onDrain);
    out.on('error', settle);
    out.on('close', onClose);
  });
}

/** Small chunks are gathered into writes of about this size. */
const writeBytes = 64 * 1024;

/**
 * Writes the rows to a stream in a format, waiting whenever the stream asks to, and returns the number
 * of rows written. The stream is left open: stdout must not be ended, a file stream is the caller's.
 */
export async function writeRows(
  rows: RowSource,
  options: { format: OutputFormat; columns: readonly string[]; timeZone: string; out: Writable },
): Promise<number> {
  let count = 0;
  async function* counted(): AsyncIterable<OutputRow> {
    for await (const row of rows) {
      count++;
      yield row;
    }
  }
  const { out } = options;
  let pending = '';
  const flush = async () => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    if (out.writableEnded || out.destroyed) throw new Error('the output stream closed early');
    if (!out.write(text)) await drained(out);
  };
  for await (const chunk of formatRows(counted(), options.format, options.columns, options.timeZone)) {
    pending += chunk;
    if (pending.length >= writeBytes) await flush();
  }
  await flush();
  return count;
}
