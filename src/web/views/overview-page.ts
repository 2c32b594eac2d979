import { html } from 'hono/html';
import { defaultSessionGap, reportNames, type ReportRun, type SessionTrendDay } from '../../reports/index.js';
import type { OverviewData } from '../report-data/overview-data.js';
import type { IngestFile, IngestReject } from '../status/ingest-status.js';
import { dataTable } from './components/data-table.js';
import { downloadLinks } from './components/downloads.js';
import { computingState } from './components/computing.js';
import { emptyState } from './components/messages.js';
import { measures } from './measures.js';
import type { DataPeriod } from '../status/data-period.js';
import { integer, localTime, percent, signedPercent } from './format.js';
import { chartFigure } from './components/chart-figure.js';
import type { Html } from './html.js';

function card(props: {
  id: string;
  label: string;
  definition?: string;
  figure: string;
  detail: Html | string;
}): Html {
  const label = props.definition
    ? html`<span class="defined" title="${props.definition}">${props.label}</span>`
    : props.label;
  return html`<li class="card" id="${props.id}">
    <p class="label">${label}</p>
    <p class="figure">${props.figure}</p>
    <p class="detail">${props.detail}</p>
  </li>`;
}

function headlineCards(data: OverviewData): Html {
  const { headlines } = data;
  const { latestWeek, previousWeek, weekChange } = headlines;
  const change =
    weekChange === null
      ? 'no redemptions the week before, so no change to compare'
      : html`<span class="${weekChange > 0 ? 'up' : weekChange < 0 ? 'down' : ''}"
          >${signedPercent(weekChange)}</span
        >`;
  return html`<ul class="cards" aria-label="Headline figures">
    ${card({
      id: 'card-sessions',
      ...measures.sessions,
      figure: integer(headlines.sessions),
      detail: `HTTP sessions of all users (a gap of ${defaultSessionGap} s or more starts a new one)`,
    })}
    ${card({
      id: 'card-driven',
      ...measures.drivenSessions,
      figure: integer(headlines.drivenSessions),
      detail: 'sessions that issued a reward at or after viewing a campaign containing it',
    })}
    ${card({
      id: 'card-driven-share',
      ...measures.drivenShare,
      figure: percent(headlines.drivenShare),
      detail: html`${measures.drivenShare.definition}; per campaign, conversion (driven ÷ sessions with a view
        of it) is on the <a href="/campaigns">Campaigns</a> page`,
    })}
    ${
      latestWeek && previousWeek
        ? card({
            id: 'card-week',
            label: 'Redemptions this week',
            figure: integer(latestWeek.redeemed),
            detail: html`“This week” is the week of ${latestWeek.week}, the latest week in the data
            (${headlines.timeZone}, weeks from Monday). Last week (${previousWeek.week}):
            ${integer(previousWeek.redeemed)}; change ${change}.`,
          })
        : card({
            id: 'card-week',
            label: 'Redemptions this week',
            figure: '—',
            detail: 'no redemptions in the data',
          })
    }
  </ul>`;
}

function periodLine(period: DataPeriod | null): Html | string {
  if (!period?.first_date) return '';
  const span = (from: string | null, to: string | null) =>
    from === null || to === null ? 'none' : from === to ? from : `${from} to ${to}`;
  return html`<p id="data-period">
    The data covers <strong>${span(period.first_date, period.last_date)}</strong> (${period.timeZone}):
    requests ${span(period.first_request_date, period.last_request_date)}, reward transactions
    ${span(period.first_transaction_date, period.last_transaction_date)}.
  </p>`;
}

function ingestSection(data: OverviewData): Html {
  const run = data.ingest.lastRun;
  if (!run) return emptyState('Nothing has been ingested yet: run perx ingest.');
  const { timeZone } = data.headlines;
  return html`${periodLine(data.dataPeriod)}
    <p>
      Last ingest (run ${run.id}, into <span id="engine">${data.engine}</span>) from
      <code>${run.source}</code>: <strong>${run.outcome}</strong>, started
      ${localTime(run.started_at, timeZone)}, finished
      ${run.finished_at ? localTime(run.finished_at, timeZone) : 'never'}.
      ${run.error ? html`<span class="warning">${run.error}</span>` : ''}
    </p>
    <div class="downloads">
      <a class="button secondary" href="/api/status" download>Download status JSON</a>
    </div>
    ${dataTable<IngestFile>({
      id: 'ingest-files',
      caption:
        'Every non-blank line of each file was loaded or rejected; duplicates are loaded lines repeating an earlier one',
      rows: run.files,
      columns: [
        { label: 'File', rowHeader: true, cell: (file) => file.file },
        { label: 'Lines', numeric: true, cell: (file) => integer(file.lines) },
        { label: 'Loaded', numeric: true, cell: (file) => integer(file.loaded) },
        { label: 'Rejected', numeric: true, cell: (file) => integer(file.rejected) },
        { label: 'Duplicates', numeric: true, cell: (file) => integer(file.duplicates) },
        { label: 'Bytes', numeric: true, cell: (file) => integer(file.bytes) },
        {
          label: 'SHA-256',
          cell: (file) => html`<code title="${file.sha256}">${file.sha256.slice(0, 12)}…</code>`,
        },
      ],
    })}`;
}

function reportRunsSection(data: OverviewData): Html {
  const runs = reportNames.map((report) => ({ report, run: data.reportRuns[report] }));
  if (runs.every(({ run }) => run === undefined)) {
    return emptyState(
      'No stored reports yet: run perx report all. Pages compute every report on demand meanwhile.',
    );
  }
  const state = (run: ReportRun | undefined) =>
    !run
      ? 'not computed'
      : run.ingest_run_id === data.latestIngestRunId
        ? 'current'
        : html`<span class="warning"
            >from an older ingest: computed on demand until perx report all runs</span
          >`;
  return dataTable({
    id: 'report-runs',
    caption:
      'Stored results of perx report all; a page whose filters match them reads them instead of computing',
    rows: runs,
    columns: [
      { label: 'Report', rowHeader: true, cell: ({ report }) => report },
      {
        label: 'Computed',
        cell: ({ run }) => (run ? localTime(run.computed_at, data.headlines.timeZone) : '—'),
      },
      { label: 'Rows', numeric: true, cell: ({ run }) => (run ? integer(run.row_count) : '—') },
      { label: 'Took', numeric: true, cell: ({ run }) => (run ? `${integer(run.duration_ms)} ms` : '—') },
      { label: 'State', cell: ({ run }) => state(run) },
    ],
  });
}

function rejectsSection(data: OverviewData): Html {
  const run = data.ingest.lastRun;
  if (!run) return html``;
  if (run.rejects.length === 0) return emptyState('The last ingest rejected no line.');
  const more = run.rejected_lines - run.rejects.length;
  return html`${downloadLinks('/api/rejects', {}, 'every rejected line')}
  ${dataTable<IngestReject>({
    id: 'rejects',
    caption: `Lines the last ingest refused, with the reason${more > 0 ? `; the first ${run.rejects.length} of ${run.rejected_lines} (all in /api/status?rejects=1000)` : ''}`,
    rows: run.rejects,
    columns: [
      { label: 'File', cell: (reject) => reject.file },
      { label: 'Line', numeric: true, rowHeader: true, cell: (reject) => reject.line_number },
      { label: 'Reason', wrap: true, cell: (reject) => reject.reason },
      { label: 'Line as read', wrap: true, cell: (reject) => html`<code>${reject.raw}</code>` },
    ],
  })}`;
}

function trendSection(data: OverviewData): Html {
  const { trend } = data;
  if ('computing' in trend) return computingState(trend.computing);
  if (trend.days.length === 0) return emptyState('No sessions yet, so no trend: run perx ingest.');
  const timeZone = data.headlines.timeZone;
  const chartData = {
    timeZone,
    days: trend.days.map((day) => day.day),
    sessions: trend.days.map((day) => day.sessions),
    views: trend.days.map((day) => day.views),
    issues: trend.days.map((day) => day.issues),
    driven: trend.days.map((day) => day.driven_sessions),
  };
  return html`${chartFigure({
      chart: 'daily-trend',
      data: chartData,
      label:
        'Line chart: sessions, campaign views, reward issues and driven sessions per day; the table below has the same figures',
      caption: `Per day of the session's start in ${timeZone} (session gap ${defaultSessionGap} s). A session's views and issues count on the day it started.`,
    })}
    <details>
      <summary>
        Figures per day (${integer(trend.days.length)} ${trend.days.length === 1 ? 'day' : 'days'})
      </summary>
      ${dataTable<SessionTrendDay>({
        id: 'daily-trend',
        caption: `Sessions per day of their start (${timeZone})`,
        rows: trend.days,
        columns: [
          { label: 'Day', rowHeader: true, cell: (day) => day.day },
          { ...measures.sessions, numeric: true, cell: (day) => integer(day.sessions) },
          { label: 'Campaign views', numeric: true, cell: (day) => integer(day.views) },
          { label: 'Reward issues', numeric: true, cell: (day) => integer(day.issues) },
          { ...measures.drivenSessions, numeric: true, cell: (day) => integer(day.driven_sessions) },
        ],
      })}
    </details>`;
}

export function overviewPage(data: OverviewData): Html {
  return html`${headlineCards(data)}
    <h2>Trend</h2>
    ${trendSection(data)}
    <h2>Data</h2>
    ${ingestSection(data)}
    <h2>Stored reports</h2>
    ${reportRunsSection(data)}
    <h2>Rejected input lines</h2>
    ${rejectsSection(data)}`;
}
