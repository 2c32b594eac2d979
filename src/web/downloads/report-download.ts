import { formatRows, outputMediaTypes, type OutputRow } from '../../output/index.js';
import type { Activity } from '../activity.js';
import type { DownloadFormat } from '../params/download-format.js';

/** Small chunks are gathered into writes of about this size, as the CLI's writer does. */
const chunkBytes = 64 * 1024;

/**
 * Starts the rows before any header is sent, so a query that fails at once is a clean 500 rather than a
 * truncated file with status 200.
 */
async function started<Row>(rows: AsyncIterable<Row>): Promise<AsyncIterable<Row>> {
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    [Symbol.asyncIterator]: () => {
      let pending: IteratorResult<Row> | undefined = first;
      return {
        next: () => {
          if (pending === undefined) return iterator.next();
          const result = pending;
          pending = undefined;
          return Promise.resolve(result);
        },
        return: async () => (await iterator.return?.()) ?? { done: true, value: undefined },
      };
    },
  };
}

/**
 * A report as a file download: every row matching the request, streamed through the CLI's writers, so
 * the file is byte for byte what `perx report <name> --format <format>` prints. The stream pulls a row
 * only when the client takes more, and a client that goes away closes the database cursor.
 */
export async function reportDownload(options: {
  activity: Activity;
  report: string;
  rows: AsyncIterable<OutputRow>;
  columns: readonly string[];
  format: DownloadFormat;
  headers?: Record<string, string>;
}): Promise<Response> {
  const chunks = formatRows(await started(options.rows), options.format, options.columns)[
    Symbol.asyncIterator
  ]();
  // The body outlives the handler: it counts as work in flight until the last row or the client's exit.
  const end = options.activity.begin();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = '';
      try {
        while (text.length < chunkBytes) {
          const next = await chunks.next();
          if (next.done) {
            if (text !== '') controller.enqueue(encoder.encode(text));
            controller.close();
            end();
            return;
          }
          text += next.value;
        }
      } catch (error) {
        end();
        throw error;
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      try {
        await chunks.return?.();
      } finally {
        end();
      }
    },
  });
  const extension = options.format;
  return new Response(body, {
    headers: {
      'Content-Type': outputMediaTypes[options.format],
      'Content-Disposition': `attachment; filename="${options.report}.${extension}"`,
      ...options.headers,
    },
  });
}
