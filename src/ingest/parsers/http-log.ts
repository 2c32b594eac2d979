import { FieldError } from './field-error.js';
import { Reject, type DataFileInput, type Parsed } from './parsed-line.js';
import { isBlank, readTextLines } from './text-lines.js';
import { parseTimestamp, type Timestamp } from './timestamp.js';

/** One request of the HTTP log. Every well-formed request is kept, whatever its path. */
export interface HttpLogRequest {
  timestamp: Timestamp;
  httpMethod: string;
  httpPath: string;
  userId: string;
  /** The line (text log) or record number (Avro log) it came from. */
  line: number;
}

/** RFC 9110's method: a token, case-sensitive (`get` is a method of its own, not GET). */
const httpMethodPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const fieldSeparator = /[ \t]+/;

/**
 * Parses one line of the text log: `timestamp method path user_id`, separated by spaces or tabs. The
 * timestamp is one field, so it takes the ISO 8601 form (2019-08-27T00:07:05+00:00); the method is an
 * RFC 9110 token (GET, POST, get, M-SEARCH, ...); the path starts with "/"; the user id is any non-empty
 * token. The README's "Log grammar" states the same rules.
 * Throws a FieldError with the reason for a line that is not such a request.
 */
export function parseHttpLogLine(text: string, line: number): HttpLogRequest {
  let fields = text.split(' ');
  // The common case is one space between fields; anything else takes the general split.
  if (fields.length !== 4 || fields.includes('') || text.includes('\t')) {
    fields = text.trim().split(fieldSeparator);
  }
  if (fields.length !== 4) {
    throw new FieldError(
      `wrong field count: expected 4 (timestamp method path user_id), found ${fields.length}`,
    );
  }
  const [timestampText, method, path, userId] = fields as [string, string, string, string];
  let timestamp: Timestamp;
  try {
    timestamp = parseTimestamp(timestampText);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    throw new FieldError(`bad timestamp: ${JSON.stringify(timestampText)} (${error.message})`);
  }
  return httpLogRequest(timestamp, method, path, userId, line);
}

const whitespace = /\s/;

/**
 * Builds a request from fields read by any log format, with the same rules for all: the method is an
 * RFC 9110 token, case kept (only exactly GET and POST make views and issues), the path starts with "/", the user id is not empty, and none of
 * them holds whitespace (a text log line could not carry it). Throws a FieldError with the reason.
 */
export function httpLogRequest(
  timestamp: Timestamp,
  httpMethod: string,
  httpPath: string,
  userId: string,
  line: number,
): HttpLogRequest {
  if (!httpMethodPattern.test(httpMethod)) {
    throw new FieldError(
      `bad method: ${JSON.stringify(httpMethod)} (expected an HTTP method token: letters, digits or !#$%&'*+-.^_\`|~)`,
    );
  }
  if (!httpPath.startsWith('/') || whitespace.test(httpPath)) {
    throw new FieldError(
      `bad path: ${JSON.stringify(httpPath)} (expected it to start with / and hold no spaces)`,
    );
  }
  if (userId === '' || whitespace.test(userId)) {
    throw new FieldError(`bad user id: ${JSON.stringify(userId)} (expected a non-empty id without spaces)`);
  }
  return { timestamp, httpMethod, httpPath, userId, line };
}

/** Reads the text log (http_log.txt): blank lines skipped, every other line a request or a reject. */
export async function* readHttpLogText(input: DataFileInput): AsyncGenerator<Parsed<HttpLogRequest>> {
  for await (const { firstLine, lines, unreadable } of readTextLines(input)) {
    for (let i = 0; i < lines.length; i++) {
      const parsed = parseHttpLogTextLine(input.name, lines[i]!, firstLine + i, unreadable?.get(i));
      if (parsed !== undefined) yield parsed;
    }
  }
}

/**
 * One decoded line of the text log as a request, or a reject with its reason (`unreadable` when the
 * bytes were not text, see LineBatch), or undefined for a blank line.
 */
export function parseHttpLogTextLine(
  file: string,
  text: string,
  line: number,
  unreadable: string | undefined,
): Parsed<HttpLogRequest> | undefined {
  if (unreadable !== undefined) return new Reject(file, line, text, unreadable);
  if (isBlank(text)) return undefined;
  try {
    return parseHttpLogLine(text, line);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    return new Reject(file, line, text, error.message);
  }
}
