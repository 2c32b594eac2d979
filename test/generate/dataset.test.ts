import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PerxError } from '../../src/errors.js';
import { generateDataset, type GenerateOptions } from '../../src/generate/index.js';
import { transactionStatuses } from '../../src/generate/csv-tables.js';
import {
  parseLogLine,
  readCsv,
  readLines,
  realFormats,
  requestsByUser,
  type LogRequest,
} from './read-dataset.js';

const fileNames = [
  'campaign.csv',
  'reward_campaign.csv',
  'reward_transaction.csv',
  'campaign_reward_mapping.csv',
  'http_log.txt',
];
const realData = new URL('../../data/perx/', import.meta.url).pathname;
const day = 86_400;
const start = Date.UTC(2019, 7, 26) / 1000;
const settings = { users: 300, requests: 20_000, campaigns: 20, seed: 11, startSeconds: start, days: 14 };

let root: string;
const folder = (name: string) => join(root, name);
let requests: LogRequest[];

async function generate(name: string, options: Partial<GenerateOptions> = {}): Promise<void> {
  await generateDataset({ ...settings, out: folder(name), ...options });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'perx-generate-'));
  await generate('a');
  await generate('again');
  await generate('other-seed', { seed: 12 });
  requests = (await readLines(folder('a'), 'http_log.txt')).map(parseLogLine);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generated data set', () => {
  it('writes the five files and a SHA256SUMS that sha256sum accepts', async () => {
    expect((await readdir(folder('a'))).sort()).toEqual([...fileNames, 'SHA256SUMS'].sort());
    const sums = await readLines(folder('a'), 'SHA256SUMS');
    expect(sums.map((line) => line.slice(66))).toEqual(fileNames);
    for (const line of sums) {
      const [, sha256, name] = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line) ?? [];
      const actual = createHash('sha256')
        .update(await readFile(join(folder('a'), name!)))
        .digest('hex');
      expect(sha256, name).toBe(actual);
    }
  });

  it('is byte-identical for the same seed and differs for another seed', async () => {
    for (const name of [...fileNames, 'SHA256SUMS']) {
      const first = await readFile(join(folder('a'), name));
      expect(first.equals(await readFile(join(folder('again'), name))), name).toBe(true);
    }
    for (const name of ['campaign.csv', 'reward_transaction.csv', 'http_log.txt']) {
      const first = await readFile(join(folder('a'), name));
      expect(first.equals(await readFile(join(folder('other-seed'), name))), name).toBe(false);
    }
  });

  it('uses the headers and line formats of the real files', async () => {
    const expectations: [string, string, RegExp][] = [
      ['campaign.csv', 'Id,name,status', realFormats.campaignRow],
      ['reward_campaign.csv', 'id,reward_name,updated_at,campaign_id', realFormats.rewardCampaignRow],
      ['reward_transaction.csv', 'id,status,updated_at,reward_campaign_id', realFormats.rewardTransactionRow],
      ['campaign_reward_mapping.csv', 'campaign_id,reward_id', realFormats.mappingRow],
    ];
    for (const [name, header, row] of expectations) {
      for (const source of [realData, folder('a')]) {
        const [first, ...rows] = await readLines(source, name);
        expect(first, `${source} ${name}`).toBe(header);
        expect(rows.length).toBeGreaterThan(0);
        expect(
          rows.filter((line) => !row.test(line)),
          `${source} ${name}`,
        ).toEqual([]);
      }
    }
    // The log's regex is checked against the real log first, so it describes the real format.
    for (const source of [realData, folder('a')]) {
      const lines = await readLines(source, 'http_log.txt');
      expect(lines.filter((line) => !realFormats.logLine.test(line))).toEqual([]);
    }
  });

  it('writes exactly --requests log lines from exactly --users users, all inside the period', () => {
    expect(requests).toHaveLength(20_000);
    expect(new Set(requests.map((request) => request.userId)).size).toBe(300);
    const times = requests.map((request) => request.time);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
    expect(Math.max(...times)).toBeLessThan(start + 14 * day);
  });

  it('satisfies every foreign key and names only existing campaigns and rewards in the log', async () => {
    const [, ...campaigns] = await readCsv(folder('a'), 'campaign.csv');
    const [, ...rewards] = await readCsv(folder('a'), 'reward_campaign.csv');
    const [, ...transactions] = await readCsv(folder('a'), 'reward_transaction.csv');
    const [, ...mapping] = await readCsv(folder('a'), 'campaign_reward_mapping.csv');
    const campaignIds = new Set(campaigns.map((row) => row[0]));
    const rewardIds = new Set(rewards.map((row) => row[0]));
    expect(campaignIds.size).toBe(20);
    expect(new Set(transactions.map((row) => row[0])).size).toBe(transactions.length);
    expect(rewards.filter((row) => !campaignIds.has(row[3]))).toEqual([]);
    expect(transactions.filter((row) => !rewardIds.has(row[3]))).toEqual([]);
    expect(
      mapping.filter(([campaign, reward]) => !campaignIds.has(campaign) || !rewardIds.has(reward)),
    ).toEqual([]);
    // Quoted names with commas come through a CSV parser whole.
    expect(rewards.some((row) => row[1]?.includes(','))).toBe(true);
    for (const { method, path } of requests) {
      const view = /^\/campaigns\/(\d+)$/.exec(path);
      const issue = /^\/rewards\/(\d+)$/.exec(path);
      if (method === 'GET' && view) expect(campaignIds.has(view[1])).toBe(true);
      if (method === 'POST' && issue) expect(rewardIds.has(issue[1])).toBe(true);
    }
  });

  it('maps campaigns to several rewards, many-to-many, with some duplicate rows', async () => {
    const [, ...mapping] = await readCsv(folder('a'), 'campaign_reward_mapping.csv');
    const pairs = new Set(mapping.map((row) => row.join(',')));
    expect(pairs.size).toBeLessThan(mapping.length);
    const rewardsOf = new Map<string, Set<string>>();
    const campaignsOf = new Map<string, Set<string>>();
    for (const [campaign, reward] of mapping as [string, string][]) {
      rewardsOf.set(campaign, (rewardsOf.get(campaign) ?? new Set()).add(reward));
      campaignsOf.set(reward, (campaignsOf.get(reward) ?? new Set()).add(campaign));
    }
    expect([...rewardsOf.values()].every((rewards) => rewards.size >= 2)).toBe(true);
    expect([...campaignsOf.values()].some((campaigns) => campaigns.size >= 2)).toBe(true);
  });

  it('does not sort the log by time', () => {
    let inversions = 0;
    for (let index = 1; index < requests.length; index++) {
      if (requests[index]!.time < requests[index - 1]!.time) inversions++;
    }
    expect(inversions).toBeGreaterThan(requests.length / 10);
  });

  it('makes activity bursty: gaps under 300 s and over it per user, and gaps of exactly 299 and 300 s', () => {
    const gaps: number[] = [];
    let busyUsers = 0;
    let burstyUsers = 0;
    for (const list of requestsByUser(requests).values()) {
      const userGaps = list.slice(1).map((request, index) => request.time - list[index]!.time);
      gaps.push(...userGaps);
      if (list.length < 10) continue;
      busyUsers++;
      if (userGaps.some((gap) => gap < 300) && userGaps.some((gap) => gap >= 300)) burstyUsers++;
    }
    expect(busyUsers).toBeGreaterThan(50);
    expect(burstyUsers / busyUsers).toBeGreaterThan(0.9);
    expect(gaps.filter((gap) => gap === 300).length).toBeGreaterThan(10);
    expect(gaps.filter((gap) => gap === 299).length).toBeGreaterThan(10);
    expect(gaps.filter((gap) => gap < 60).length).toBeGreaterThan(gaps.length / 2);
    expect(gaps.filter((gap) => gap > 300).length).toBeGreaterThan(gaps.length / 20);
  });

  it('mostly views a campaign of a reward, in the same session, before issuing the reward', async () => {
    const [, ...mapping] = await readCsv(folder('a'), 'campaign_reward_mapping.csv');
    const mapped = new Set(mapping.map(([campaign, reward]) => `${campaign}/${reward}`));
    let driven = 0;
    let undriven = 0;
    for (const list of requestsByUser(requests).values()) {
      let viewed: string[] = [];
      list.forEach((request, index) => {
        if (index > 0 && request.time - list[index - 1]!.time >= 300) viewed = [];
        const view = /^\/campaigns\/(\d+)$/.exec(request.path);
        const issue = /^\/rewards\/(\d+)$/.exec(request.path);
        if (request.method === 'GET' && view) viewed.push(view[1]!);
        if (request.method === 'POST' && issue) {
          if (viewed.some((campaign) => mapped.has(`${campaign}/${issue[1]}`))) driven++;
          else undriven++;
        }
      });
    }
    expect(driven + undriven).toBeGreaterThan(2000);
    expect(driven / (driven + undriven)).toBeGreaterThan(0.7);
    expect(undriven).toBeGreaterThan(100);
  });

  it('has other paths besides views and issues, and a few exact duplicate lines', async () => {
    const kinds = new Set(requests.map(({ method, path }) => `${method} ${path.replace(/\d+/g, '{id}')}`));
    expect([...kinds].sort()).toEqual([
      'GET /campaigns',
      'GET /campaigns/{id}',
      'GET /campaigns/{id}/rewards',
      'GET /profile',
      'GET /rewards',
      'GET /rewards/{id}',
      'POST /rewards/{id}',
    ]);
    const lines = await readLines(folder('a'), 'http_log.txt');
    const duplicates = lines.length - new Set(lines).size;
    expect(duplicates).toBeGreaterThan(0);
    expect(duplicates).toBeLessThan(lines.length / 1000);
  });

  it('spreads transactions of several statuses over weeks, with one empty week', async () => {
    const [, ...transactions] = await readCsv(folder('a'), 'reward_transaction.csv');
    expect(transactions).toHaveLength(400);
    const statuses = new Set(transactions.map((row) => row[1]));
    expect([...statuses].sort()).toEqual([...transactionStatuses].sort());
    const times = transactions.map((row) => Date.parse(row[2]!.replace(' UTC', 'Z')) / 1000);
    // The empty week is Monday 5 to Sunday 11 August 2019, widened by a day on each side.
    const at = (month: number, date: number) => Date.UTC(2019, month, date) / 1000;
    expect(times.filter((time) => time >= at(7, 4) && time < at(7, 13))).toEqual([]);
    expect(times.some((time) => time >= at(6, 29) && time < at(7, 4))).toBe(true);
    expect(times.some((time) => time >= at(7, 13) && time < at(7, 19))).toBe(true);
    expect(times.every((time) => time >= at(6, 29) && time < at(8, 9))).toBe(true);
  });

  it('refuses to overwrite an earlier run unless asked, and then writes the same bytes', async () => {
    await expect(generate('a')).rejects.toThrow(PerxError);
    await expect(generate('a')).rejects.toThrow(/campaign\.csv already exists/);
    await generate('a', { overwrite: true });
    const first = await readFile(join(folder('a'), 'http_log.txt'));
    expect(first.equals(await readFile(join(folder('again'), 'http_log.txt')))).toBe(true);
  });

  it('gives every user one request when users equal requests', async () => {
    await generate('one-each', { users: 500, requests: 500 });
    const lines = await readLines(folder('one-each'), 'http_log.txt');
    expect(lines).toHaveLength(500);
    expect(new Set(lines.map((line) => parseLogLine(line).userId)).size).toBe(500);
  });
});
