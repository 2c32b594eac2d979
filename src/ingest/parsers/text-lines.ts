import { InputError } from '../../errors.js';
import type { DataFileInput } from './parsed-line.js';

/** The lines of one chunk of a text file. */
export interface LineBatch {
  /** The 1-based number of lines[0] in the file. */
  firstLine: number;
  /** The lines without their "\n" or "\r\n"; blank lines included, so numbers stay true to the file. */
  lines: string[];
  /**
   * Lines that are not text the database can hold (invalid UTF-8, a NUL character), by index in lines,
   * with the reason. Their entry in lines is a printable rendering for the reject.
   */
  unreadable?: Map<number, string>;
}

/** A longer line means a file that is not line-oriented text; buffering it would have no bound. */
export const maxLineBytes = 1024 * 1024;

const newline = 0x0a;
// A byte order mark is dropped at the start of the file only (below), not wherever a decode starts.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Splits a file's bytes into numbered lines, a chunk at a time. Bytes are cut at the last newline of each
 * chunk, so a multi-byte character never straddles a cut (0x0A never occurs inside one). A last line
 * without a newline is still a line. A UTF-8 byte order mark at the start is dropped.
 */
export async function* readTextLines(input: DataFileInput): AsyncGenerator<LineBatch> {
  let carry: Buffer | undefined;
  let nextLine = 1;
  for await (const chunk of input.chunks) {
    const bytes = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
    const end = bytes.lastIndexOf(newline);
    if (end < 0) {
      if (bytes.length > maxLineBytes) throw lineTooLong(input, nextLine);
      carry = bytes;
      continue;
    }
    const batch = decodeLines(bytes.subarray(0, end), nextLine);
    nextLine += batch.lines.length;
    yield batch;
    carry = bytes.subarray(end + 1);
    if (carry.length > maxLineBytes) throw lineTooLong(input, nextLine);
  }
  if (carry !== undefined && carry.length > 0) yield decodeLines(carry, nextLine);
}

export function lineTooLong(input: DataFileInput, line: number): InputError {
  return new InputError(
    input.path,
    line,
    `line longer than ${maxLineBytes} bytes: this is not a line-oriented text file`,
  );
}

function decodeLines(bytes: Buffer, firstLine: number): LineBatch {
  let text: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    // Rare: find the offending lines one by one, so only they are rejected.
  }
  if (text !== undefined && !text.includes('\0')) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) lines[i] = withoutCarriageReturn(lines[i]!);
    if (firstLine === 1 && lines[0]!.startsWith('\uFEFF')) lines[0] = lines[0]!.slice(1);
    return { firstLine, lines };
  }
  return decodeLineByLine(bytes, firstLine);
}

function decodeLineByLine(bytes: Buffer, firstLine: number): LineBatch {
  const lines: string[] = [];
  const unreadable = new Map<number, string>();
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(newline, start);
    const decoded = decodeLine(
      bytes.subarray(start, end < 0 ? bytes.length : end),
      firstLine === 1 && lines.length === 0,
    );
    if (decoded.unreadable !== undefined) unreadable.set(lines.length, decoded.unreadable);
    lines.push(decoded.text);
    if (end < 0) break;
    start = end + 1;
  }
  return { firstLine, lines, unreadable };
}

/** One line as text, with the reason when it is not text the database can hold (see LineBatch). */
export interface DecodedLine {
  text: string;
  unreadable?: string;
}

/**
 * Decodes the bytes of one line (without its "\n"), as readTextLines does: a byte order mark dropped
 * from the file's first line, one trailing "\r" dropped.
 */
export function decodeLine(lineBytes: Uint8Array, firstInFile: boolean): DecodedLine {
  let text: string;
  let unreadable: string | undefined;
  try {
    text = utf8.decode(lineBytes);
    if (text.includes('\0')) {
      unreadable = 'contains a NUL character, which text columns cannot hold';
      text = text.replaceAll('\0', '\uFFFD');
    }
  } catch {
    unreadable = 'not valid UTF-8';
    text = lossyUtf8.decode(lineBytes);
  }
  if (firstInFile && text.startsWith('\uFEFF')) text = text.slice(1);
  text = withoutCarriageReturn(text);
  return unreadable === undefined ? { text } : { text, unreadable };
}

function withoutCarriageReturn(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

/** True for a line with nothing but spaces and tabs: blank lines are skipped, not counted. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
