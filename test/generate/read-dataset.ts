import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** The formats of the real Perx files, as regular expressions over one line. */
export const realFormats = {
  logLine: /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00) ([A-Z]+) (\/\S*) (\d+)$/,
  csvTimestamp: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC$/,
  // A name is a plain field or a quoted one with doubled quotes inside.
  campaignRow: /^\d+,("([^"]|"")*"|[^",]*),[a-z]+$/,
  rewardCampaignRow: /^\d+,("([^"]|"")*"|[^",]*),\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC,\d+$/,
  rewardTransactionRow: /^\d+,[a-z]+,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC,\d+$/,
  mappingRow: /^\d+,\d+$/,
} as const;

export interface LogRequest {
  /** Epoch seconds. */
  time: number;
  method: string;
  path: string;
  userId: string;
}

export async function readLines(folder: string, name: string): Promise<string[]> {
  const text = await readFile(join(folder, name), 'utf8');
  if (!text.endsWith('\n')) throw new Error(`${name} does not end with a line break`);
  return text.slice(0, -1).split('\n');
}

export function parseLogLine(line: string): LogRequest {
  const match = realFormats.logLine.exec(line);
  if (!match) throw new Error(`not a log line: ${line}`);
  const [, timestamp, method, path, userId] = match as unknown as [string, string, string, string, string];
  return { time: Date.parse(timestamp) / 1000, method, path, userId };
}

/** Rows of a CSV file through a real CSV parser, header first. */
export async function readCsv(folder: string, name: string): Promise<string[][]> {
  return parse(await readFile(join(folder, name), 'utf8'));
}

/** Each user's requests in time order. */
export function requestsByUser(requests: readonly LogRequest[]): Map<string, LogRequest[]> {
  const byUser = new Map<string, LogRequest[]>();
  for (const request of requests) {
    const list = byUser.get(request.userId);
    if (list) list.push(request);
    else byUser.set(request.userId, [request]);
  }
  for (const list of byUser.values()) list.sort((a, b) => a.time - b.time);
  return byUser;
}
