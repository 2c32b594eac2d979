import { html } from 'hono/html';
import type { SessionTimeline, SessionTimelineRequest } from '../../reports/index.js';
import { dataTable } from './components/data-table.js';
import { downloadLinks, queryString } from './components/downloads.js';
import { breadcrumbs } from './components/breadcrumbs.js';
import { idList } from './components/id-list.js';
import { pagination } from './components/pagination.js';
import type { TablePage } from '../params/table-page.js';
import { emptyState, errorMessage } from './components/messages.js';
import { duration, integer, localTime } from './format.js';
import type { Html } from './html.js';

export interface SessionPageProps {
  userId: string;
  timeZone: string;
  gap: number;
  timeline?: SessionTimeline;
  /** The API path of this timeline, and the query it needs, for its downloads. */
  apiPath: string;
  filters: Record<string, string | undefined>;
  /** The page's query as requested: its `back` leads to the listing it was opened from. */
  query: Record<string, string>;
  /** Which of the session's requests are shown. */
  page?: TablePage;
  error?: string;
}

function kindTag(request: SessionTimelineRequest): Html {
  if (request.kind === 'view') return html`<span class="tag view">view</span>`;
  if (request.kind === 'issue') {
    return request.driven_by.length > 0
      ? html`<span class="tag driven">driven issue</span>`
      : html`<span class="tag issue">issue</span>`;
  }
  return html`<span class="tag">other</span>`;
}

/** What the request means for the session, in words: which view drove which reward. */
function meaning(request: SessionTimelineRequest, requestHref: (seq: number) => string): Html | string {
  if (request.kind === 'view') {
    return request.drove
      ? html`Viewed campaign ${request.campaign_id};
          <strong>a reward of it was issued later in this session</strong>`
      : `Viewed campaign ${request.campaign_id}`;
  }
  if (request.kind === 'issue') {
    if (request.driven_by.length === 0) {
      return `Issued reward ${request.reward_id}; not driven: no campaign containing it was viewed at or before it in this session`;
    }
    return html`Issued reward ${request.reward_id}, <strong>driven by</strong> the view of
      campaign${request.driven_by.length === 1 ? '' : 's'}
      ${request.driven_by.join(', ')}${
        request.driving_view_seq === null
          ? ''
          : html` (first at
              <a href="${requestHref(request.driving_view_seq)}">request ${request.driving_view_seq}</a>)`
      }`;
  }
  return 'Other activity (counts towards the session, neither a view nor an issue)';
}

export function sessionPage(props: SessionPageProps): Html {
  const campaignSessions = (id: number | bigint) =>
    `/sessions${queryString({ campaign: String(id), gap: props.query.gap, tz: props.query.tz })}`;
  const rewardSessions = (id: number | bigint) =>
    `/sessions${queryString({ reward: String(id), gap: props.query.gap, tz: props.query.tz })}`;
  const { query } = props;
  const userSessions = `/sessions${queryString({ user: props.userId, gap: query.gap, tz: query.tz, back: query.back })}`;
  const back = html`${breadcrumbs(query.back, `Session of user ${props.userId}`)}
    <p>
      <a href="${userSessions}">← All sessions of user ${props.userId}</a>
    </p>`;
  if (props.error) return html`${back} ${errorMessage(props.error)}`;
  const timeline = props.timeline;
  if (!timeline) {
    return html`${back}
    ${emptyState(`User ${props.userId} has no session starting at that instant with a ${props.gap} s gap.`)}`;
  }
  const { session, requests } = timeline;
  const tz = props.timeZone;
  const page = props.page ?? { sort: undefined, limit: timeline.requestCount, offset: 0 };
  const pageHref = (offset: number, limit: number) =>
    `?${new URLSearchParams(
      Object.entries({ ...query, limit: String(limit), offset: String(offset) }).filter(
        ([name, value]) => value !== '' && !(name === 'offset' && value === '0'),
      ),
    ).toString()}`;
  const requestPages = pagination({
    noun: 'requests',
    total: timeline.requestCount,
    limit: page.limit,
    offset: page.offset,
    href: pageHref,
  });
  // A request on another page of the timeline is linked on that page.
  const requestHref = (seq: number) => {
    const offset = Math.floor((seq - 1) / page.limit) * page.limit;
    return `${offset === page.offset ? '' : pageHref(offset, page.limit)}#request-${seq}`;
  };
  return html`${back}
    <dl class="facts">
      <dt>User</dt>
      <dd>${session.user_id}</dd>
      <dt>Start</dt>
      <dd>${localTime(session.session_start, tz)} (${tz})</dd>
      <dt>End</dt>
      <dd>${localTime(session.session_end, tz)} (${tz})</dd>
      <dt>Duration</dt>
      <dd>${duration(session.session_end.getTime() - session.session_start.getTime())}</dd>
      <dt>Requests</dt>
      <dd>${integer(timeline.requestCount)}</dd>
      <dt>Campaigns viewed</dt>
      <dd>${idList(session.campaigns, campaignSessions)}</dd>
      <dt>Rewards issued</dt>
      <dd>${idList(session.rewards_issued, rewardSessions)}</dd>
      <dt>Driven by a campaign view</dt>
      <dd>
        ${session.reward_driven_by_campaign_view ? html`<strong>yes</strong>: ${idList(session.driven_rewards, rewardSessions)}` : 'no'}
      </dd>
    </dl>
    <h2>Requests in order</h2>
    <div class="table-tools">
      ${requestPages} ${downloadLinks(props.apiPath, props.filters, 'this session’s requests')}
    </div>
    ${dataTable({
      id: 'timeline',
      caption: `Every request of the session, in time order (equal times in file order); a gap of ${props.gap} s or more would have started a new session`,
      rows: requests,
      columns: [
        {
          label: '#',
          numeric: true,
          rowHeader: true,
          cell: (request) => html`<span id="request-${request.seq}">${request.seq}</span>`,
        },
        { label: `Time (${tz})`, cell: (request) => localTime(request.requested_at, tz) },
        {
          label: 'Request',
          wrap: true,
          cell: (request) => html`<code>${request.http_method} ${request.http_path}</code>`,
        },
        { label: 'Kind', cell: kindTag },
        { label: 'What it means', wrap: true, prose: true, cell: (request) => meaning(request, requestHref) },
      ],
    })}`;
}
