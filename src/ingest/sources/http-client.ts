import { PerxError } from '../../errors.js';
import { maskCredentials } from '../../config/credentials.js';
import { splitCredentials } from './url-credentials.js';

export interface HttpSettings {
  /** Longest wait, in milliseconds, for the server to answer or to send the next chunk of the body. */
  timeoutMs: number;
}

/** A server's answer outside 2xx, with its status for callers that explain some of them. */
export class HttpStatusError extends PerxError {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  response: Response;
  /** The body, chunk by chunk; every chunk restarts the timeout, so a slow but live download goes on. */
  chunks: AsyncIterable<Uint8Array>;
}

/**
 * One request through Node's fetch. A status outside 2xx is an error naming the method, URL and
 * status (and the server's own message, when it sent a short one); so is a timeout. Credentials in
 * the URL become a Basic Authorization header and never appear in messages.
 */
export async function httpRequest(
  url: string,
  request: HttpRequest,
  settings: HttpSettings,
): Promise<HttpResponse> {
  const method = request.method ?? 'GET';
  const shown = `${method} ${maskCredentials(url)}`;
  const { url: target, authorization } = splitCredentials(url);
  const headers = new Headers(request.headers);
  if (authorization !== undefined && !headers.has('authorization'))
    headers.set('authorization', authorization);

  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const restartTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, settings.timeoutMs);
    timer.unref();
  };
  const failure = (error: unknown) =>
    timedOut
      ? new PerxError(`${shown} timed out: nothing received for ${settings.timeoutMs} ms`)
      : error instanceof PerxError
        ? error
        : new PerxError(`${shown} failed: ${networkReason(error)}`, { cause: error });

  restartTimer();
  let response: Response;
  try {
    response = await fetch(target, { method, headers, body: request.body, signal: controller.signal });
  } catch (error) {
    clearTimeout(timer);
    throw failure(error);
  }
  if (!response.ok) {
    const detail = await readBoundedText(bodyChunks(response), 2048).catch(() => '');
    clearTimeout(timer);
    throw new HttpStatusError(
      `${shown} answered ${response.status} ${response.statusText}${serverMessage(detail)}`,
      response.status,
    );
  }

  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of bodyChunks(response)) {
        restartTimer();
        yield chunk;
      }
    } catch (error) {
      throw failure(error);
    } finally {
      clearTimeout(timer);
    }
  }
  return { response, chunks: chunks() };
}

/** Reads a whole body that is known to be small (a JSON answer), refusing one larger than `limit` bytes. */
export async function readBoundedText(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) throw new PerxError(`answer larger than ${limit} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

function bodyChunks(response: Response): AsyncIterable<Uint8Array> {
  return response.body ?? (async function* () {})();
}

/** Git hosting and LFS servers explain errors in a JSON `message`; short plain text is shown as it is. */
function serverMessage(body: string): string {
  const text = body.trim();
  if (text === '') return '';
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string') {
      return `: ${parsed.message}`;
    }
  } catch {
    // Not JSON: fall through to the text itself.
  }
  return text.length <= 200 && !text.includes('<') ? `: ${text}` : '';
}

/** fetch() says only "fetch failed"; the reason (ECONNREFUSED, a TLS error, ...) is in its cause. */
function networkReason(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error) return maskCredentials(cause.message);
    return maskCredentials(error.message);
  }
  return String(error);
}
