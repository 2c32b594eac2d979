import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The session and campaign definitions applied naively, request by request, to the data set files: an
 * independent check of the SQL on the real log, too large to work out by hand.
 */
interface Request {
  at: number;
  line: number;
  user: string;
  view?: number | bigint;
  issue?: number | bigint;
}

/** The id of `/campaigns/<id>` or `/rewards/<id>`: 1 to 19 digits that a bigint holds, exact. */
function pathId(digits: string): number | bigint | undefined {
  if (!/^\d{1,19}$/.test(digits) || BigInt(digits) > 2n ** 63n - 1n) return undefined;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : BigInt(digits);
}

export interface OracleSession {
  user_id: string;
  session_start: string;
  session_end: string;
  campaigns: (number | bigint)[];
  rewards_issued: (number | bigint)[];
  reward_driven_by_campaign_view: boolean;
  driven_rewards: (number | bigint)[];
}

export interface OracleCampaign {
  campaign_id: number | bigint;
  views: number;
  unique_viewers: number;
  sessions_with_view: number;
  driven_issues: number;
  driven_sessions: number;
}

/**
 * The listing's order of user ids, as the README defines it: ids of digits only first, as numbers (fewer
 * digits once leading zeros are dropped, then digit by digit), then every other id bytewise.
 */
export function compareUserIds(a: string, b: string): number {
  const digitsOnly = /^\d+$/;
  const bytewise = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const aNumber = digitsOnly.test(a);
  const bNumber = digitsOnly.test(b);
  if (aNumber !== bNumber) return aNumber ? -1 : 1;
  if (!aNumber) return bytewise(a, b);
  const aDigits = a.replace(/^0+/, '');
  const bDigits = b.replace(/^0+/, '');
  return aDigits.length - bDigits.length || bytewise(aDigits, bDigits) || bytewise(a, b);
}

export async function sessionOracle(folder: string, gapSeconds = 300) {
  const mapping = new Set<string>();
  const mappingLines = (await readFile(join(folder, 'campaign_reward_mapping.csv'), 'utf8'))
    .trim()
    .split('\n');
  for (const line of mappingLines.slice(1)) {
    const [campaign, reward] = line.trim().split(',');
    mapping.add(`${BigInt(campaign ?? '')}:${BigInt(reward ?? '')}`);
  }
  const byUser = new Map<string, Request[]>();
  const logLines = (await readFile(join(folder, 'http_log.txt'), 'utf8')).split('\n');
  logLines.forEach((text, index) => {
    if (text.trim() === '') return;
    const [timestamp = '', method, path = '', user = ''] = text.trim().split(' ');
    const request: Request = { at: Date.parse(timestamp), line: index + 1, user };
    const view = method === 'GET' && path.startsWith('/campaigns/') ? pathId(path.slice(11)) : undefined;
    const issue = method === 'POST' && path.startsWith('/rewards/') ? pathId(path.slice(9)) : undefined;
    if (view !== undefined) request.view = view;
    if (issue !== undefined) request.issue = issue;
    byUser.set(user, [...(byUser.get(user) ?? []), request]);
  });

  const sessions: { user: string; requests: Request[] }[] = [];
  for (const user of [...byUser.keys()].sort(compareUserIds)) {
    const requests = (byUser.get(user) ?? []).sort((a, b) => a.at - b.at || a.line - b.line);
    let current: Request[] = [];
    for (const request of requests) {
      const previous = current.at(-1);
      if (previous && request.at - previous.at >= gapSeconds * 1000) {
        sessions.push({ user, requests: current });
        current = [];
      }
      current.push(request);
    }
    sessions.push({ user, requests: current });
  }

  const drivenBy = (requests: Request[], issue: Request, campaign?: number | bigint) =>
    requests.some(
      (view) =>
        view.view !== undefined &&
        (campaign === undefined || view.view === campaign) &&
        view.at <= (issue.at ?? 0) &&
        mapping.has(`${view.view}:${issue.issue}`),
    );

  const sessionRows: OracleSession[] = sessions.map(({ user, requests }) => {
    const issues = requests.filter((request) => request.issue !== undefined);
    const driven = issues.filter((issue) => drivenBy(requests, issue));
    return {
      user_id: user,
      session_start: new Date(requests[0]?.at ?? 0).toISOString(),
      session_end: new Date(requests.at(-1)?.at ?? 0).toISOString(),
      campaigns: requests.flatMap((request) => (request.view === undefined ? [] : [request.view])),
      rewards_issued: issues.map((issue) => issue.issue ?? 0),
      reward_driven_by_campaign_view: driven.length > 0,
      driven_rewards: driven.map((issue) => issue.issue ?? 0),
    };
  });

  const campaigns = new Map<number | bigint, OracleCampaign & { viewers: Set<string> }>();
  for (const { user, requests } of sessions) {
    const viewed = new Set(requests.flatMap((request) => (request.view === undefined ? [] : [request.view])));
    for (const campaignId of viewed) {
      const row = campaigns.get(campaignId) ?? {
        campaign_id: campaignId,
        views: 0,
        unique_viewers: 0,
        sessions_with_view: 0,
        driven_issues: 0,
        driven_sessions: 0,
        viewers: new Set<string>(),
      };
      const drivenIssues = requests.filter(
        (request) => request.issue !== undefined && drivenBy(requests, request, campaignId),
      ).length;
      row.views += requests.filter((request) => request.view === campaignId).length;
      row.viewers.add(user);
      row.sessions_with_view += 1;
      row.driven_issues += drivenIssues;
      row.driven_sessions += drivenIssues > 0 ? 1 : 0;
      campaigns.set(campaignId, row);
    }
  }
  const campaignRows: OracleCampaign[] = [...campaigns.values()]
    .sort((a, b) => (a.campaign_id < b.campaign_id ? -1 : a.campaign_id > b.campaign_id ? 1 : 0))
    .map(({ viewers, ...row }) => ({ ...row, unique_viewers: viewers.size }));

  return { sessions: sessionRows, campaigns: campaignRows };
}
