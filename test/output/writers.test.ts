import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatRows, writeRows, type OutputFormat } from '../../src/output/index.js';

const columns = ['user_id', 'session_start', 'campaigns', 'reward_driven_by_campaign_view', 'note', 'share'];

const rows = [
  {
    user_id: '1014506',
    session_start: new Date('2019-08-26T17:25:19Z'),
    campaigns: [11, 11, 11],
    reward_driven_by_campaign_view: false,
    note: 'plain',
    share: 0.5714,
    ignored: 'not a column',
  },
  {
    user_id: '007',
    session_start: new Date('2019-08-26T17:00:00.250Z'),
    campaigns: [],
    reward_driven_by_campaign_view: true,
    note: 'say "hi", then\r\nleave',
    share: null,
  },
];

async function render(
  format: OutputFormat,
  items: readonly object[] = rows,
  timeZone = 'Asia/Singapore',
): Promise<string> {
  let text = '';
  for await (const chunk of formatRows(items, format, columns, timeZone)) text += chunk;
  return text;
}

describe('output writers', () => {
  it('writes RFC 4180 CSV: header, CRLF records, quotes only where needed, doubled inside', async () => {
    // 17:25:19Z is 01:25:19 the next day in Singapore (+08:00).
    expect(await render('csv')).toBe(
      'user_id,session_start,campaigns,reward_driven_by_campaign_view,note,share\r\n' +
        '1014506,2019-08-27T01:25:19+08:00,"[11,11,11]",false,plain,0.5714\r\n' +
        '007,2019-08-27T01:00:00.250+08:00,[],true,"say ""hi"", then\r\nleave",\r\n',
    );
    expect(await render('csv', [])).toBe(
      'user_id,session_start,campaigns,reward_driven_by_campaign_view,note,share\r\n',
    );
  });

  it('neutralizes text a spreadsheet would run as a formula (OWASP), and leaves numbers numbers', async () => {
    const notes = ['=1+2', '+x', '-y', '@SUM(A1)', '\tTab', '\rCR', 'safe=', ''];
    const items = notes.map((note, index) => ({ note, share: index === 0 ? -0.5 : -index }));
    let text = '';
    for await (const chunk of formatRows(items, 'csv', ['note', 'share'], 'UTC')) text += chunk;
    expect(text).toBe(
      'note,share\r\n' +
        "'=1+2,-0.5\r\n" +
        "'+x,-1\r\n" +
        "'-y,-2\r\n" +
        "'@SUM(A1),-3\r\n" +
        "'\tTab,-4\r\n" +
        '"\'\rCR",-5\r\n' +
        'safe=,-6\r\n' +
        ',-7\r\n',
    );
  });

  it('writes instants on the zone’s clock with its offset, Z in UTC, across a change of DST', async () => {
    // New York left DST at 2019-11-03T06:00Z (02:00 EDT became 01:00 EST): 01:30 came twice.
    const times = ['2019-11-03T05:30:00Z', '2019-11-03T06:30:00Z'].map((iso) => ({
      session_start: new Date(iso),
    }));
    const csv = async (timeZone: string) => {
      let text = '';
      for await (const chunk of formatRows(times, 'csv', ['session_start'], timeZone)) text += chunk;
      return text;
    };
    expect(await csv('America/New_York')).toBe(
      'session_start\r\n2019-11-03T01:30:00-04:00\r\n2019-11-03T01:30:00-05:00\r\n',
    );
    expect(await csv('UTC')).toBe('session_start\r\n2019-11-03T05:30:00Z\r\n2019-11-03T06:30:00Z\r\n');
    expect(await csv('Asia/Singapore')).toBe(
      'session_start\r\n2019-11-03T13:30:00+08:00\r\n2019-11-03T14:30:00+08:00\r\n',
    );
    let ndjson = '';
    for await (const chunk of formatRows(times, 'ndjson', ['session_start'], 'America/New_York'))
      ndjson += chunk;
    expect(ndjson).toBe(
      '{"session_start":"2019-11-03T01:30:00-04:00"}\n{"session_start":"2019-11-03T01:30:00-05:00"}\n',
    );
  });

  it('writes one JSON array with exactly the columns: instants with their offset, ids as numbers, user_id as text', async () => {
    const text = await render('json');
    expect(JSON.parse(text)).toEqual([
      {
        user_id: '1014506',
        session_start: '2019-08-27T01:25:19+08:00',
        campaigns: [11, 11, 11],
        reward_driven_by_campaign_view: false,
        note: 'plain',
        share: 0.5714,
      },
      {
        user_id: '007',
        session_start: '2019-08-27T01:00:00.250+08:00',
        campaigns: [],
        reward_driven_by_campaign_view: true,
        note: 'say "hi", then\r\nleave',
        share: null,
      },
    ]);
    expect(Object.keys((JSON.parse(text) as object[])[0] ?? {})).toEqual(columns);
    expect(await render('json', [])).toBe('[]\n');
  });

  it('writes NDJSON: one object per line', async () => {
    const lines = (await render('ndjson')).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ user_id: '007', share: null });
    expect(await render('ndjson', [])).toBe('');
  });

  it('writes an aligned table, numbers to the right, with a row count', async () => {
    expect(await render('table')).toBe(
      [
        ' user_id | session_start                 | campaigns  | reward_driven_by_campaign_view | note                  | share',
        '---------+-------------------------------+------------+--------------------------------+-----------------------+--------',
        ' 1014506 | 2019-08-27T01:25:19+08:00     | [11,11,11] | false                          | plain                 | 0.5714',
        ' 007     | 2019-08-27T01:00:00.250+08:00 | []         | true                           | say "hi", then  leave |',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('sizes table columns from the first rows only, so a long table streams', async () => {
    const many = Array.from({ length: 502 }, (_, index) => ({
      user_id: index < 500 ? 'u' : 'a much longer id',
    }));
    let text = '';
    for await (const chunk of formatRows(many, 'table', ['user_id'], 'UTC')) text += chunk;
    const lines = text.split('\n');
    expect(lines[0]).toBe(' user_id');
    expect(lines[501]).toBe(' u');
    expect(lines[502]).toBe(' a much longer id');
    expect(lines[504]).toBe('(502 rows)');
  });

  it('caps a table cell at 40 characters with an ellipsis, and keeps the value whole in the other formats', async () => {
    // 20 ids of 2 digits, 19 commas and 2 brackets: 61 characters, over the cap of 40.
    const wide = { campaigns: Array.from({ length: 20 }, (_, index) => 10 + index) };
    const full = `[${wide.campaigns.join(',')}]`;
    expect(full).toHaveLength(61);
    let table = '';
    for await (const chunk of formatRows([wide, { campaigns: [1] }], 'table', ['campaigns'], 'UTC')) {
      table += chunk;
    }
    const lines = table.split('\n');
    expect(lines[2]).toBe(` ${full.slice(0, 39)}…`);
    expect(lines[2]).toHaveLength(41);
    expect(lines[3]).toBe(' [1]');
    let csv = '';
    for await (const chunk of formatRows([wide], 'csv', ['campaigns'], 'UTC')) csv += chunk;
    expect(csv).toBe(`campaigns\r\n"${full}"\r\n`);
    // A cell of exactly 40 characters stays whole.
    let exact = '';
    for await (const chunk of formatRows([{ note: 'x'.repeat(40) }], 'table', ['note'], 'UTC'))
      exact += chunk;
    expect(exact.split('\n')[2]).toBe(` ${'x'.repeat(40)}`);
  });

  it('waits for a slow stream and counts the rows written', async () => {
    const out = new PassThrough({ highWaterMark: 16 });
    let received = '';
    const reading = (async () => {
      for await (const chunk of out) {
        received += String(chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const many = Array.from({ length: 20_000 }, (_, index) => ({ user_id: `user-${index}` }));
    expect(await writeRows(many, { format: 'ndjson', columns: ['user_id'], timeZone: 'UTC', out })).toBe(
      20_000,
    );
    out.end();
    await reading;
    expect(received.split('\n')).toHaveLength(20_001);
    expect(received.endsWith('{"user_id":"user-19999"}\n')).toBe(true);
  });

  it('fails when the stream fails', async () => {
    const broken = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const many = Array.from({ length: 50_000 }, (_, index) => ({ user_id: `user-${index}` }));
    await expect(
      writeRows(many, { format: 'csv', columns: ['user_id'], timeZone: 'UTC', out: broken }),
    ).rejects.toThrow(/EPIPE|closed early/);
  });
});
