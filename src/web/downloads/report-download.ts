import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { formatRows, outputMediaTypes, type OutputRow } from '../../output/index.js';
import type { DownloadFormat } from '../params/download-format.js';
import type { WebContext } from '../web-context.js';

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

/** The Node response under a Hono context, when the app runs on a socket (not under app.request()). */
function nodeResponse(c: Context): HttpBindings['outgoing'] | undefined {
  return (c.env as Partial<HttpBindings> | undefined)?.outgoing;
}

/**
 * A report as a file download: every row matching the request, streamed through the CLI's writers, so
 * the file is byte for byte what `perx report <name> --format <format>` prints.
 *
 * The rows hold a database cursor (and, on PostgreSQL, a connection and a transaction) until the last row
 * or the end of the response, whichever comes first; every way a response can end releases them:
 * - HEAD gets the headers only, and no query runs;
 * - the stream pulls a row only when the client takes more (backpressure);
 * - a client that goes away, or stops reading for `downloadIdleSeconds`, is cut off and its cursor closed;
 * - no download lasts longer than `downloadMaxSeconds`: the file is cut short (the client sees a
 *   truncated chunked response, never a complete-looking file).
 */
export async function reportDownload(
  c: Context,
  { activity, config }: Pick<WebContext, 'activity' | 'config'>,
  options: {
    report: string;
    rows: AsyncIterable<OutputRow>;
    columns: readonly string[];
    format: DownloadFormat;
    /** The zone whose clock the file's instants are written on. */
    timeZone: string;
    headers?: Record<string, string>;
  },
): Promise<Response> {
  const headers = {
    'Content-Type': outputMediaTypes[options.format],
    'Content-Disposition': `attachment; filename="${options.report}.${options.format}"`,
    ...options.headers,
  };
  if (c.req.method === 'HEAD') return new Response(null, { headers });

  const chunks = formatRows(await started(options.rows), options.format, options.columns, options.timeZone)[
    Symbol.asyncIterator
  ]();
  // The body outlives the handler: it counts as work in flight until the last row or the client's exit.
  const endActivity = activity.begin();
  const outgoing = nodeResponse(c);
  let released: Promise<void> | undefined;
  const release = (): Promise<void> => {
    released ??= (async () => {
      clearTimeout(deadline);
      outgoing?.off('close', onClose);
      try {
        await chunks.return?.();
      } finally {
        endActivity();
      }
    })();
    return released;
  };
  const onClose = () => void release().catch(() => undefined);
  const deadline = setTimeout(() => {
    if (outgoing) outgoing.destroy();
    else void release().catch(() => undefined);
  }, config.downloadMaxSeconds * 1000);
  deadline.unref();
  if (outgoing) {
    outgoing.once('close', onClose);
    // The socket's inactivity timer: a client that reads nothing for this long is disconnected.
    outgoing.setTimeout(config.downloadIdleSeconds * 1000, () => outgoing.destroy());
  }

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
            await release();
            return;
          }
          text += next.value;
        }
      } catch (error) {
        await release().catch(() => undefined);
        throw error;
      }
      controller.enqueue(encoder.encode(text));
    },
    cancel: () => release(),
  });
  return new Response(body, { headers });
}
