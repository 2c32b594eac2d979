import { describe, expect, it } from 'vitest';
import { postgresEpochMilliseconds } from '../../src/db/copy-binary.js';
import { readHttpLogTextTuples } from '../../src/ingest/http-log-text-tuples.js';
import { httpLogColumns } from '../../src/ingest/http-log-tuples.js';
import { readHttpLogText } from '../../src/ingest/parsers/http-log.js';
import { maxLineBytes } from '../../src/ingest/parsers/text-lines.js';
import { collect, inputOf, plain } from './parser-input.js';

const sourceFileId = 7;
const epoch2000Micros = BigInt(postgresEpochMilliseconds) * 1000n;

/** A tuple's fields read back: the timestamp as microseconds from 1970, the texts, file id, line and ids. */
function readTuples(tuples: Buffer): string[] {
  const rows: string[] = [];
  let at = 0;
  while (at < tuples.length) {
    expect(tuples.readInt16BE(at)).toBe(httpLogColumns.length);
    at += 2;
    const field = () => {
      const length = tuples.readInt32BE(at);
      const bytes = tuples.subarray(at + 4, at + 4 + length);
      at += 4 + length;
      return bytes;
    };
    const micros = field().readBigInt64BE(0) + epoch2000Micros;
    const [method, path, user] = [field(), field(), field()].map((bytes) => bytes.toString('utf8'));
    const fileId = field().readInt32BE(0);
    const line = field().readBigInt64BE(0);
    // An int8 or a null (length -1, no bytes).
    const id = () => {
      if (tuples.readInt32BE(at) !== -1) return String(field().readBigInt64BE(0));
      at += 4;
      return '-';
    };
    const [viewed, issued] = [id(), id()];
    rows.push(`${line}: ${micros} ${method} ${path} ${user} #${fileId} viewed ${viewed} issued ${issued}`);
  }
  return rows;
}

async function fastPath(content: string | Buffer, chunkBytes?: number) {
  const rows: string[] = [];
  const rejects = [];
  let lines = 0;
  let lastLine = 0;
  for await (const batch of readHttpLogTextTuples(
    inputOf('http_log.txt', content, chunkBytes),
    sourceFileId,
  )) {
    const { tuples, rejects: batchRejects } = batch;
    if (tuples) rows.push(...readTuples(tuples));
    rejects.push(...batchRejects);
    lines += batch.lines;
    expect(batch.lastLine).toBeGreaterThanOrEqual(lastLine);
    lastLine = batch.lastLine;
  }
  expect(lines).toBe(rows.length + rejects.length);
  return { rows, rejects: plain(rejects) };
}

/** The general parser's answer in the same shape: what the fast path must match line for line. */
async function generalPath(content: string | Buffer) {
  const { rows, rejects } = await collect(readHttpLogText(inputOf('http_log.txt', content)));
  return {
    rows: rows.map((row) => {
      const micros = BigInt(row.timestamp.getTime()) * 1000n + BigInt(row.timestamp.microsecond);
      const [viewed, issued] = expectedClass(row.httpMethod, row.httpPath);
      return `${row.line}: ${micros} ${row.httpMethod} ${row.httpPath} ${row.userId} #${sourceFileId} viewed ${viewed} issued ${issued}`;
    }),
    rejects: plain(rejects),
  };
}

/** The classified ids as the definition states them (request-class.ts), written apart from it: '-' is null. */
function expectedClass(method: string, path: string): [string, string] {
  const id = (wanted: string, prefix: string) => {
    const digits = method === wanted && path.startsWith(prefix) ? path.slice(prefix.length) : '';
    return /^[0-9]{1,19}$/.test(digits) && BigInt(digits) < 2n ** 63n ? String(BigInt(digits)) : '-';
  };
  return [id('GET', '/campaigns/'), id('POST', '/rewards/')];
}

const trickyLines = [
  '2019-08-27T00:07:05+00:00 POST /rewards/1529 2000020076516',
  '2019-08-27T08:07:06+08:00 GET /campaigns/1 2000020076516',
  '2019-08-26T19:07:06-05:30 GET /campaigns/1 42',
  '2019-08-27T00:08:00Z GET /users/me?x=1&y=\\2 u-7',
  '2019-08-27T00:08:00.123456Z GET /campaigns/1 42',
  '2019-08-27T00:08:00.5+08:00 GET /campaigns/1 42',
  '2019-08-27T00:09:00 GET /campaigns/2 42',
  '2019-08-27t00:09:00Z GET /campaigns/2 42',
  '2019-08-27T00:09:00z GET /campaigns/2 42',
  '2019-02-29T00:00:00Z GET /campaigns/2 42',
  '2020-02-29T00:00:00Z GET /campaigns/2 42',
  '1900-02-29T00:00:00Z GET /campaigns/2 42',
  '2000-02-29T23:59:59+23:59 GET /campaigns/2 42',
  '2019-04-31T00:00:00Z GET /campaigns/2 42',
  '2019-13-01T00:00:00Z GET /campaigns/2 42',
  '2019-00-01T00:00:00Z GET /campaigns/2 42',
  '2019-08-00T00:00:00Z GET /campaigns/2 42',
  '2019-08-27T24:00:00Z GET /campaigns/2 42',
  '2019-08-27T23:60:00Z GET /campaigns/2 42',
  '2019-08-27T23:59:60Z GET /campaigns/2 42',
  '2019-08-27T00:00:00+24:00 GET /campaigns/2 42',
  '2019-08-27T00:00:00+08:60 GET /campaigns/2 42',
  '2019-08-27T00:00:00+0800 GET /campaigns/2 42',
  '2019-08-27T00:00:00+08:00:00 GET /campaigns/2 42',
  '0000-01-01T00:00:00Z GET /campaigns/2 42',
  '0001-01-01T00:00:00Z GET /campaigns/2 42',
  '0099-12-31T23:59:59Z GET /campaigns/2 42',
  '1600-03-01T00:00:00+14:00 GET /campaigns/2 42',
  '1999-12-31T23:59:59Z GET /campaigns/2 42',
  '9999-12-31T23:59:59-23:59 GET /campaigns/2 42',
  '2019-08-27T00:10:00+00:00 get /campaigns/2 42',
  '2019-08-27T00:10:00+00:00 GeT /campaigns/2 42',
  "2019-08-27T00:10:00+00:00 M-SEARCH!#$%&'*+.^_`|~09 /campaigns/2 42",
  '2019-08-27T00:10:00+00:00 G"T /campaigns/2 42',
  '2019-08-27T00:10:00+00:00 GÉT /campaigns/2 42',
  '2019-08-27T00:10:00+00:00 GET, /campaigns/2 42',
  '2019-08-27T00:10:00+00:00 GET campaigns/2 42',
  '2019-08-27T00:10:00+00:00 GET / 42',
  '2019-08-27T00:10:00+00:00 GET /campaigns/3',
  '2019-08-27T00:10:00+00:00 GET /campaigns/3 42 extra',
  '2019-08-27T00:10:00+00:00  GET /campaigns/3 42',
  ' 2019-08-27T00:10:00+00:00 GET /campaigns/3 42 ',
  '2019-08-27T00:10:00+00:00\tGET\t/campaigns/3\t42',
  '2019-08-27T00:10:00+00:00 GET /campaigns/3 42 ',
  '2019-08-27T00:10:00+00:00 GET /campaigns/é 42',
  '2019-08-27T00:10:00+00:00 GET /campaigns/\u00a0x 42',
  '2019-08-27T00:10:00+00:00 GET /campaigns/3 \u2003',
  '2019-08-27T00:10:00+00:00 GET /campaigns/3 ü',
  '2019-08-27T00:10:00+00:00 GET /a\x7fb 4\x01',
  '2019-08-27T00:10:00+00:00 GET /campaigns/3 42\r',
  '2019-08-27T00:10:00+00:00 GET /campaigns/3 42\r\r',
  '2019-08-27T00:10:00+00:00 GET /campaigns/3\r42',
  '2019-08-27T00:10:00+00:00 GET /campaigns/3 4\0',
  '\r',
  '',
  ' \t ',
  '\uFEFF2019-08-27T00:10:00+00:00 GET /campaigns/3 42',
  'yesterday GET /campaigns/1 42',
  '2019-08-27T00:10:00+00:00',
];

describe('the text log straight to binary COPY tuples', () => {
  it('loads and rejects exactly the lines the general parser does, for the same reasons', async () => {
    const content = trickyLines.join('\n') + '\n';
    const expected = await generalPath(content);
    expect(expected.rows.length).toBeGreaterThan(15);
    expect(expected.rejects.length).toBeGreaterThan(25);
    expect(await fastPath(content)).toEqual(expected);
  });

  it('agrees however the bytes are cut into chunks, and takes a last line without a newline', async () => {
    const content = trickyLines.join('\n');
    const expected = await generalPath(content);
    for (const chunkBytes of [1, 2, 3, 7, 25, 64, 1000]) {
      expect(await fastPath(content, chunkBytes), `chunks of ${chunkBytes}`).toEqual(expected);
    }
  });

  it('drops a byte order mark only at the start of the file', async () => {
    const line = '2019-08-27T00:10:00+00:00 GET /campaigns/3 42';
    const content = `\uFEFF${line}\n\uFEFF${line}\n`;
    const fast = await fastPath(content);
    expect(fast).toEqual(await generalPath(content));
    expect(fast.rows).toEqual([`1: 1566864600000000 GET /campaigns/3 42 #${sourceFileId} viewed 3 issued -`]);
    expect(fast.rejects.map((reject) => reject.line)).toEqual([2]);
  });

  it('rejects invalid UTF-8 and a NUL character, line by line', async () => {
    const good = Buffer.from('2019-08-27T00:10:00+00:00 GET /campaigns/3 42\n');
    const content = Buffer.concat([
      good,
      Buffer.from('2019-08-27T00:10:00+00:00 GET /campaigns/\xff 42\n', 'latin1'),
      Buffer.from('2019-08-27T00:10:00+00:00 GET /campaigns/3 4\0\n'),
      good,
    ]);
    const fast = await fastPath(content);
    expect(fast).toEqual(await generalPath(content));
    expect(fast.rejects.map(({ line, reason }) => [line, reason])).toEqual([
      [2, 'not valid UTF-8'],
      [3, 'contains a NUL character, which text columns cannot hold'],
    ]);
  });

  it('agrees with the general parser on thousands of mutated lines', async () => {
    // A fixed pseudo-random sequence: each line is a valid one with one to three characters replaced.
    let state = 20190827;
    const next = (below: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % below;
    };
    const valid = '2019-08-27T08:07:06+08:00 POST /rewards/1529 2000020076516';
    const replacements = '0123456789:-+TZtz .\t\r/\\AGPé\u00a0\0';
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const characters = [...valid];
      for (let change = 0; change <= next(3); change++) {
        characters[next(characters.length)] = replacements[next(replacements.length)]!;
      }
      lines.push(characters.join(''));
    }
    const content = lines.join('\n');
    const expected = await generalPath(content);
    expect(expected.rows.length).toBeGreaterThan(500);
    expect(expected.rejects.length).toBeGreaterThan(500);
    expect(await fastPath(content, 4096)).toEqual(expected);
  });

  it('fails on a line longer than the limit, naming its line', async () => {
    const content = `2019-08-27T00:10:00+00:00 GET /campaigns/3 42\n${'x'.repeat(2 * maxLineBytes)}\n`;
    const outcome = await fastPath(content, 64 * 1024).then(
      () => 'loaded',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(outcome).toContain(`/fixtures/http_log.txt:2: line longer than ${maxLineBytes} bytes`);
  });
});
