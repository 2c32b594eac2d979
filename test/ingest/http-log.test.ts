import { describe, expect, it } from 'vitest';
import { FieldError } from '../../src/ingest/parsers/field-error.js';
import { parseHttpLogLine, readHttpLogText, type HttpLogRequest } from '../../src/ingest/parsers/http-log.js';
import { collect, inputOf, plain } from './parser-input.js';

const asText = (request: HttpLogRequest) =>
  `${request.line}: ${request.timestamp.toISOString()} ${request.httpMethod} ${request.httpPath} ${request.userId}`;

describe('parseHttpLogLine', () => {
  it('reads timestamp, method, path and user id', () => {
    const request = parseHttpLogLine('2019-08-27T08:07:05+08:00 POST /rewards/1529 2000020076516', 9);
    expect(asText(request)).toBe('9: 2019-08-27T00:07:05.000Z POST /rewards/1529 2000020076516');
  });

  it('accepts runs of spaces and tabs between fields, and around the line', () => {
    expect(asText(parseHttpLogLine(' 2019-08-27T00:07:05Z \t GET\t/campaigns/1   42 ', 1))).toBe(
      '1: 2019-08-27T00:07:05.000Z GET /campaigns/1 42',
    );
  });

  it('takes any RFC 9110 method token and keeps its case: get is a method of its own', () => {
    const method = (text: string) =>
      parseHttpLogLine(`2019-08-27T00:07:05Z ${text} /campaigns/1 42`, 1).httpMethod;
    expect(method('get')).toBe('get');
    expect(method('GeT')).toBe('GeT');
    expect(method("M-SEARCH!#$%&'*+.^_`|~09")).toBe("M-SEARCH!#$%&'*+.^_`|~09");
  });

  it('keeps every path, not only campaign and reward ones', () => {
    expect(parseHttpLogLine('2019-08-27T00:07:05Z DELETE /users/me?x=1 u-7', 1).httpPath).toBe(
      '/users/me?x=1',
    );
  });

  it.each([
    [
      '2019-08-27T00:07:05Z GET /campaigns/1',
      'wrong field count: expected 4 (timestamp method path user_id), found 3',
    ],
    [
      '2019-08-27 00:07:05 GET /campaigns/1 42',
      'wrong field count: expected 4 (timestamp method path user_id), found 5',
    ],
    [
      '2019-02-29T00:07:05Z GET /campaigns/1 42',
      'bad timestamp: "2019-02-29T00:07:05Z" (February 2019 has no day 29)',
    ],
    [
      'yesterday GET /campaigns/1 42',
      'bad timestamp: "yesterday" (expected YYYY-MM-DD HH:MM:SS[.ffffff] followed by " UTC", "Z", an offset like +08:00, or nothing)',
    ],
    [
      '2019-08-27T00:07:05Z G"T /campaigns/1 42',
      'bad method: "G\\"T" (expected an HTTP method token: letters, digits or !#$%&\'*+-.^_`|~)',
    ],
    [
      '2019-08-27T00:07:05Z GÉT /campaigns/1 42',
      'bad method: "GÉT" (expected an HTTP method token: letters, digits or !#$%&\'*+-.^_`|~)',
    ],
    [
      '2019-08-27T00:07:05Z GET campaigns/1 42',
      'bad path: "campaigns/1" (expected it to start with / and hold no spaces)',
    ],
    [
      '2019-08-27T00:07:05Z GET /campaigns/1\u00a0x 42',
      'bad path: "/campaigns/1\u00a0x" (expected it to start with / and hold no spaces)',
    ],
  ])('refuses %j: %s', (line, reason) => {
    expect(() => parseHttpLogLine(line, 1)).toThrow(new FieldError(reason));
  });
});

describe('readHttpLogText', () => {
  it('keeps duplicate lines, skips blank ones, reads CRLF and a last line without newline', async () => {
    const content = [
      '2019-08-27T00:07:05+00:00 POST /rewards/1529 2000020076516', // 1
      '', // 2
      '2019-08-27T00:07:05+00:00 POST /rewards/1529 2000020076516', // 3: the same request again
      '   ', // 4
      '2019-08-27T00:08:06.250+00:00 GET /campaigns/3602 2000069344719', // 5
      '2019-08-27T00:09:00Z GET /campaigns/1', // 6: cut short, no newline
    ].join('\r\n');
    const { rows, rejects } = await collect(readHttpLogText(inputOf('http_log.txt', content)));
    expect(rows.map(asText)).toEqual([
      '1: 2019-08-27T00:07:05.000Z POST /rewards/1529 2000020076516',
      '3: 2019-08-27T00:07:05.000Z POST /rewards/1529 2000020076516',
      '5: 2019-08-27T00:08:06.250Z GET /campaigns/3602 2000069344719',
    ]);
    expect(plain(rejects)).toEqual([
      {
        file: 'http_log.txt',
        line: 6,
        raw: '2019-08-27T00:09:00Z GET /campaigns/1',
        reason: 'wrong field count: expected 4 (timestamp method path user_id), found 3',
      },
    ]);
  });

  it('numbers lines the same whatever the chunk boundaries', async () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      i % 7 === 0 ? '' : `2019-08-27T00:00:${String(i % 60).padStart(2, '0')}Z GET /campaigns/${i} ${i}`,
    );
    const content = lines.join('\n') + '\n';
    const whole = await collect(readHttpLogText(inputOf('http_log.txt', content)));
    expect(whole.rows).toHaveLength(300 - 43);
    expect(whole.rows.every((row) => row.httpPath === `/campaigns/${row.line - 1}`)).toBe(true);
    for (const chunkBytes of [1, 13, 64, 1000]) {
      expect(await collect(readHttpLogText(inputOf('http_log.txt', content, chunkBytes)))).toEqual(whole);
    }
  });
});
