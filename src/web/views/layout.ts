import { html } from 'hono/html';
import type { Freshness } from './freshness.js';
import { localTime } from './format.js';
import type { Html } from './html.js';

export type Section = 'overview' | 'engagement' | 'weekly' | 'sessions' | 'campaigns';

const navigation: readonly { section: Section; href: string; label: string }[] = [
  { section: 'overview', href: '/', label: 'Overview' },
  { section: 'engagement', href: '/engagement', label: 'Engagement' },
  { section: 'weekly', href: '/weekly', label: 'Weekly' },
  { section: 'sessions', href: '/sessions', label: 'Sessions' },
  { section: 'campaigns', href: '/campaigns', label: 'Campaigns' },
];

export interface LayoutProps {
  title: string;
  section: Section | null;
  /** Absent on error pages, which must render even when the database does not answer. */
  freshness?: Freshness;
  /** Page scripts under /assets/, loaded deferred; a page with a chart also loads ECharts. */
  scripts?: readonly string[];
  charts?: boolean;
  body: Html;
  /** Reloads the page after this many seconds (a computation under way); works without scripts. */
  refreshSeconds?: number | undefined;
}

function freshnessLine(freshness: Freshness): Html {
  const ingestNotes = {
    failed: html` <strong class="warning"
      >The last ingest failed; this is the data of the one before.</strong
    >`,
    abandoned: html` <strong class="warning"
      >The last ingest was abandoned (its process ended); this is the data of the one before.</strong
    >`,
    running: html` <strong class="warning">An ingest is running.</strong>`,
  };
  const outcome = freshness.lastIngestOutcome;
  const ingestNote = outcome === null || outcome === 'succeeded' ? '' : ingestNotes[outcome];
  const { timeZone } = freshness;
  const period = freshness.dataPeriod;
  const covers =
    period?.first_date && period.last_date
      ? html`, covering <span id="data-from">${period.first_date}</span> to
          <span id="data-to">${period.last_date}</span> (${period.timeZone})`
      : '';
  const data = freshness.dataLoadedAt
    ? html`Data loaded ${localTime(freshness.dataLoadedAt, timeZone)}${covers}`
    : 'No data loaded yet (run perx ingest)';
  const reports =
    freshness.reportsComputedAt === null
      ? 'reports computed on demand (perx report all stores them)'
      : freshness.reportsCurrent
        ? html`reports current, computed ${localTime(freshness.reportsComputedAt, timeZone)}`
        : html`<strong class="warning">stored reports are from older data</strong> (computed
            ${localTime(freshness.reportsComputedAt, timeZone)}; pages compute on demand until perx report all
            runs)`;
  return html`<p class="freshness" id="freshness">${data} · ${reports}.${ingestNote}</p>`;
}

export function layout(props: LayoutProps): Html {
  const scripts = [...(props.charts ? ['vendor/echarts.min.js', 'charts.js'] : []), ...(props.scripts ?? [])];
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        ${props.refreshSeconds === undefined ? '' : html`<meta http-equiv="refresh" content="${props.refreshSeconds}" />`}
        <title>${props.title} · perx analytics</title>
        <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/style.css" />
        <script src="/assets/theme.js"></script>
        ${scripts.map((script) => html`<script defer src="/assets/${script}"></script>`)}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <a class="brand" href="/">perx analytics</a>
          <nav aria-label="Reports">
            <ul>
              ${navigation.map(
                (item) =>
                  html`<li>
                    <a href="${item.href}" ${item.section === props.section ? html`aria-current="page"` : ''}
                      >${item.label}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
          <button type="button" id="theme-switch" class="button secondary theme-switch" hidden>
            Theme: auto
          </button>
        </header>
        <main id="main" tabindex="-1">
          <h1>${props.title}</h1>
          ${props.freshness ? freshnessLine(props.freshness) : ''} ${props.body}
        </main>
        <footer class="site-footer">
          <a href="/api/docs">API reference</a> ·
          <a href="/api/openapi.json">OpenAPI document</a>
        </footer>
      </body>
    </html>`;
}
