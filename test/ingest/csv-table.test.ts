import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { maxRecordBytes, parseCsvTable } from '../../src/ingest/parsers/csv-table.js';
import {
  campaignCsv,
  campaignRewardMappingCsv,
  rewardCampaignCsv,
} from '../../src/ingest/parsers/csv-tables.js';
import { collect, inputOf, plain } from './parser-input.js';

function campaigns(content: string | Buffer, chunkBytes?: number) {
  return collect(parseCsvTable(campaignCsv, inputOf('campaign.csv', content, chunkBytes)));
}

describe('parseCsvTable', () => {
  it('matches header names in any case and order, and reads quoted commas, doubled quotes and line breaks', async () => {
    const content = [
      'Name,ID,STATUS',
      '"Coffee Club, Weekdays",1,active',
      '"Weekend ""Treats""",2,inactive',
      '12" Pizza,3,active',
      '"Two',
      'lines",4,active',
      'Last,5,active',
    ].join('\n');
    const { rows, rejects } = await campaigns(content);
    expect(rejects).toEqual([]);
    expect(rows).toEqual([
      {
        id: 1,
        name: 'Coffee Club, Weekdays',
        status: 'active',
        line: 2,
        raw: '"Coffee Club, Weekdays",1,active',
      },
      {
        id: 2,
        name: 'Weekend "Treats"',
        status: 'inactive',
        line: 3,
        raw: '"Weekend ""Treats""",2,inactive',
      },
      { id: 3, name: '12" Pizza', status: 'active', line: 4, raw: '12" Pizza,3,active' },
      { id: 4, name: 'Two\nlines', status: 'active', line: 5, raw: '"Two\nlines",4,active' },
      { id: 5, name: 'Last', status: 'active', line: 7, raw: 'Last,5,active' },
    ]);
  });

  it('skips blank and whitespace-only lines without counting them, keeping true line numbers', async () => {
    const { rows } = await campaigns('\nid,name,status\n\n1,A,active\n  \t \n\n2,B,active\n\n');
    expect(rows.map((row) => [row.id, row.line])).toEqual([
      [1, 4],
      [2, 7],
    ]);
  });

  it('reads CRLF line endings like LF ones, without the carriage return in fields or raw text', async () => {
    const lf = 'id,name,status\n1,"A, a",active\n\n2,"B\nb",inactive\n3,C,x';
    const fromLf = await campaigns(lf);
    const fromCrlf = await campaigns(lf.replaceAll('\n', '\r\n'));
    expect(fromCrlf).toEqual(fromLf);
    expect(fromCrlf.rows.map((row) => row.raw)).toEqual(['1,"A, a",active', '2,"B\nb",inactive', '3,C,x']);
  });

  it('gives the same rows whatever the chunk boundaries, multi-byte characters included', async () => {
    const content = 'id,name,status\r\n1,"Café, Ünïcode ✓",active\r\n2,"日本\r\n語",x\r\n';
    const whole = await campaigns(content);
    expect(whole.rows.map((row) => row.name)).toEqual(['Café, Ünïcode ✓', '日本\n語']);
    for (const chunkBytes of [1, 2, 3, 5, 7]) expect(await campaigns(content, chunkBytes)).toEqual(whole);
  });

  it('drops a UTF-8 byte order mark before the header', async () => {
    const { rows } = await campaigns('\uFEFFId,name,status\n1,A,active\n');
    expect(rows).toHaveLength(1);
  });

  it('reads every id a bigint column holds exactly: numbers up to 2^53 - 1, bigints beyond', async () => {
    const { rows, rejects } = await campaigns(
      'id,name,status\n9007199254740991,A,x\n9007199254740993,B,x\n-9223372036854775808,C,x\n' +
        '9223372036854775807,D,x\n-9223372036854775809,E,x\n',
    );
    expect(rows.map((row) => row.id)).toEqual([
      9007199254740991,
      9007199254740993n,
      -9223372036854775808n,
      9223372036854775807n,
    ]);
    expect(rejects.map((reject) => reject.reason)).toEqual([
      'bad number in id: "-9223372036854775809" (beyond -9223372036854775808 to 9223372036854775807, the range of a bigint id)',
    ]);
  });

  it('keeps spaces in fields as data (RFC 4180), reading only the header names loosely', async () => {
    const { rows, rejects } = await campaigns(
      'id , name , status\n1, A ,active\n2," B ", active\n 3,C,active\n4,D,active \n5, "E",active\n',
    );
    expect(rows.map((row) => [row.id, row.name, row.status])).toEqual([
      [1, ' A ', 'active'],
      [2, ' B ', ' active'],
      [4, 'D', 'active '],
      // A quote after a space does not open a quoted field: it is data.
      [5, ' "E"', 'active'],
    ]);
    expect(plain(rejects)).toEqual([
      {
        file: 'campaign.csv',
        line: 4,
        raw: ' 3,C,active',
        reason: 'bad number in id: " 3" (expected a whole number)',
      },
    ]);
  });

  it('rejects each kind of bad line with its reason and line, and goes on with the next', async () => {
    const content = [
      'id,reward_name,updated_at,campaign_id', // 1
      '1,Ok,2019-08-09 12:04:10.041 UTC,1', // 2
      '2,Short,2019-08-09 12:04:10 UTC', // 3
      '3,Long,2019-08-09 12:04:10 UTC,1,extra', // 4
      'x3,Bad id,2019-08-09 12:04:10 UTC,1', // 5
      '4,Bad campaign,2019-08-09 12:04:10 UTC,1.5', // 6
      '5,Bad time,2019-02-30 12:04:10 UTC,1', // 7
      '6,,2019-08-09 12:04:10 UTC,1', // 8
      '7,Empty time,,1', // 9
      '8,"Broken"quote,2019-08-09 12:04:10 UTC,1', // 10
      '9223372036854775808,Too big,2019-08-09 12:04:10 UTC,1', // 11
      '9,"Late, but fine",2019-08-09T20:04:10+08:00,2', // 12
      '10,Truncated,2019-08-0', // 13, no newline
    ].join('\n');
    const { rows, rejects } = await collect(
      parseCsvTable(rewardCampaignCsv, inputOf('reward_campaign.csv', content)),
    );
    expect(
      rows.map((row) => [row.id, row.rewardName, row.updatedAt.toISOString(), row.campaignId, row.line]),
    ).toEqual([
      [1, 'Ok', '2019-08-09T12:04:10.041Z', 1, 2],
      [9, 'Late, but fine', '2019-08-09T12:04:10.000Z', 2, 12],
    ]);
    const fieldCount = (found: number) =>
      `wrong field count: expected 4 (id,reward_name,updated_at,campaign_id), found ${found}`;
    expect(plain(rejects)).toEqual([
      { file: 'reward_campaign.csv', line: 3, raw: '2,Short,2019-08-09 12:04:10 UTC', reason: fieldCount(3) },
      {
        file: 'reward_campaign.csv',
        line: 4,
        raw: '3,Long,2019-08-09 12:04:10 UTC,1,extra',
        reason: fieldCount(5),
      },
      {
        file: 'reward_campaign.csv',
        line: 5,
        raw: 'x3,Bad id,2019-08-09 12:04:10 UTC,1',
        reason: 'bad number in id: "x3" (expected a whole number)',
      },
      {
        file: 'reward_campaign.csv',
        line: 6,
        raw: '4,Bad campaign,2019-08-09 12:04:10 UTC,1.5',
        reason: 'bad number in campaign_id: "1.5" (expected a whole number)',
      },
      {
        file: 'reward_campaign.csv',
        line: 7,
        raw: '5,Bad time,2019-02-30 12:04:10 UTC,1',
        reason: 'bad timestamp in updated_at: "2019-02-30 12:04:10 UTC" (February 2019 has no day 30)',
      },
      {
        file: 'reward_campaign.csv',
        line: 8,
        raw: '6,,2019-08-09 12:04:10 UTC,1',
        reason: 'empty reward_name',
      },
      { file: 'reward_campaign.csv', line: 9, raw: '7,Empty time,,1', reason: 'empty updated_at' },
      {
        file: 'reward_campaign.csv',
        line: 10,
        raw: '8,"Broken"quote,2019-08-09 12:04:10 UTC,1',
        reason: 'malformed quoting: text after the closing quote of a field',
      },
      {
        file: 'reward_campaign.csv',
        line: 11,
        raw: '9223372036854775808,Too big,2019-08-09 12:04:10 UTC,1',
        reason:
          'bad number in id: "9223372036854775808" (beyond -9223372036854775808 to 9223372036854775807, the range of a bigint id)',
      },
      { file: 'reward_campaign.csv', line: 13, raw: '10,Truncated,2019-08-0', reason: fieldCount(3) },
    ]);
  });

  it('rejects a quoted field still open at the end of the file as one record, by its opening line', async () => {
    const { rows, rejects } = await collect(
      parseCsvTable(
        campaignRewardMappingCsv,
        inputOf('campaign_reward_mapping.csv', 'campaign_id,reward_id\n1,2\n"3,4\n5,6\n'),
      ),
    );
    expect(rows.map((row) => [row.campaignId, row.rewardId])).toEqual([[1, 2]]);
    expect(plain(rejects)).toEqual([
      {
        file: 'campaign_reward_mapping.csv',
        line: 3,
        raw: '"3,4',
        reason:
          'the quoted field opened on line 3 is not closed before the end of the file: a quote is missing',
      },
    ]);
  });

  it('gives an unclosed quote the same reject in a file over the record bound, holding at most the bound', async () => {
    const filler = '7,8\n'.repeat(Math.ceil(maxRecordBytes / 4) + 10);
    const { rows, rejects } = await collect(
      parseCsvTable(
        campaignRewardMappingCsv,
        inputOf('campaign_reward_mapping.csv', `campaign_id,reward_id\n1,2\n"3,4\n${filler}`, 65_536),
      ),
    );
    expect(rows.map((row) => [row.campaignId, row.rewardId])).toEqual([[1, 2]]);
    expect(plain(rejects)).toEqual([
      {
        file: 'campaign_reward_mapping.csv',
        line: 3,
        raw: '"3,4',
        reason:
          'the quoted field opened on line 3 is not closed before the end of the file: a quote is missing',
      },
    ]);
  });

  it('rejects a quoted field that closes only past the record bound, and reads the records after it', async () => {
    const filler = 'x\n'.repeat(Math.ceil(maxRecordBytes / 2) + 10);
    const { rows, rejects } = await collect(
      parseCsvTable(
        campaignRewardMappingCsv,
        inputOf('campaign_reward_mapping.csv', `campaign_id,reward_id\n"3\n${filler}",4\n5,6\n`, 65_536),
      ),
    );
    expect(rows.map((row) => [row.campaignId, row.rewardId])).toEqual([[5, 6]]);
    expect(plain(rejects)).toEqual([
      {
        file: 'campaign_reward_mapping.csv',
        line: 2,
        raw: '"3',
        reason: `the quoted field opened on line 2 runs past ${maxRecordBytes} bytes: a quote is missing`,
      },
    ]);
  });

  it('rejects lines that are not UTF-8 or hold a NUL, with a printable raw text', async () => {
    const content = Buffer.concat([
      Buffer.from('id,name,status\n1,A,active\n2,'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(',active\n3,C\0,active\n4,D,active\n'),
    ]);
    const { rows, rejects } = await campaigns(content);
    expect(rows.map((row) => row.id)).toEqual([1, 4]);
    expect(plain(rejects)).toEqual([
      { file: 'campaign.csv', line: 3, raw: '2,\uFFFD\uFFFD,active', reason: 'not valid UTF-8' },
      {
        file: 'campaign.csv',
        line: 4,
        raw: '3,C\uFFFD,active',
        reason: 'contains a NUL character, which text columns cannot hold',
      },
    ]);
  });

  it('fails the file, naming file and line, when the header lacks a column or repeats one', async () => {
    await expect(campaigns('id,name\n1,A\n')).rejects.toThrow(
      new InputError(
        '/fixtures/campaign.csv',
        1,
        'the header "id,name" must name the columns id,name,status (in any order and case), each once',
      ),
    );
    await expect(campaigns('\n\nid,name,name\n')).rejects.toThrow(
      '/fixtures/campaign.csv:3: the header "id,name,name"',
    );
    await expect(campaigns('id,name,status,extra\n')).rejects.toThrow('/fixtures/campaign.csv:1: the header');
  });

  it('fails an empty file, which has no header', async () => {
    await expect(campaigns('')).rejects.toThrow(
      '/fixtures/campaign.csv: the file is empty: expected a header line id,name,status',
    );
    await expect(campaigns('\n \n')).rejects.toThrow('the file is empty');
  });

  it('reads a header-only file as no rows', async () => {
    expect(await campaigns('id,name,status\n')).toEqual({ rows: [], rejects: [] });
  });

  it('splits records in batches without mixing up their lines', async () => {
    const lines = ['campaign_id,reward_id'];
    for (let i = 1; i <= 1500; i++) lines.push(i % 500 === 0 ? `${i},bad` : `${i},${i * 2}`);
    const { rows, rejects } = await collect(
      parseCsvTable(campaignRewardMappingCsv, inputOf('campaign_reward_mapping.csv', lines.join('\n'), 4096)),
    );
    expect(rows).toHaveLength(1497);
    expect(
      rows.every(
        (row) => row.line === Number(row.campaignId) + 1 && row.rewardId === Number(row.campaignId) * 2,
      ),
    ).toBe(true);
    expect(rejects.map((reject) => reject.line)).toEqual([501, 1001, 1501]);
  });
});
