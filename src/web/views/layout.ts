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
  const data = freshness.dataLoadedAt
    ? html`Data as of ${localTime(freshness.dataLoadedAt, timeZone)} (last ingest)`
    : 'No data loaded yet (run perx ingest)';
  const reports = freshness.reportsComputedAt
    ? html`reports computed ${localTime(freshness.reportsComputedAt, timeZone)}`
    : 'reports computed on demand (perx report all stores them)';
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
        </header>
        <main id="main" tabindex="-1">
          <h1>${props.title}</h1>
          ${props.freshness ? freshnessLine(props.freshness) : ''} ${props.body}
        </main>
      </body>
    </html>`;
}
