import { html } from 'hono/html';
import { z } from 'zod';
import type { Html } from '../html.js';

/**
 * Where a drill-down came from: the address of one of the dashboard's own pages, its filters included,
 * carried along as `back` so the trail above the page leads back to exactly that view. Only the
 * dashboard's pages are accepted, so the link can never lead elsewhere.
 */
export const backParam = z
  .string()
  .max(4000, 'the page to go back to is too long')
  .regex(/^\/(?:engagement|weekly|sessions|campaigns|transactions)?(?:\?[^#\s]*)?$/, {
    error: 'expected the address of a dashboard page, e.g. /campaigns?from=2019-08-26',
  })
  .optional();

interface Crumb {
  label: string;
  href: string;
}

const pageNames: Readonly<Record<string, string>> = {
  '/': 'Overview',
  '/engagement': 'Engagement',
  '/weekly': 'Weekly',
  '/sessions': 'Sessions',
  '/campaigns': 'Campaigns',
  '/transactions': 'Transactions',
};

/** A page's name in the trail, with the filter that makes it a drill-down of its own. */
function crumbLabel(path: string, query: URLSearchParams): string {
  const name = pageNames[path] ?? path;
  if (path === '/sessions') {
    const parts = [
      query.get('campaign') ? `campaign ${query.get('campaign')}` : '',
      query.get('reward') ? `reward ${query.get('reward')}` : '',
      query.get('user') ? `user ${query.get('user')}` : '',
    ].filter(Boolean);
    return parts.length > 0 ? `${name} of ${parts.join(', ')}` : name;
  }
  return name;
}

/** The pages a `back` address leads through, oldest first (each may carry a `back` of its own). */
export function trailOf(back: string | undefined, depth = 4): Crumb[] {
  if (back === undefined || depth === 0 || !backParam.safeParse(back).success) return [];
  const url = new URL(back, 'http://dashboard.invalid');
  const before = trailOf(url.searchParams.get('back') ?? undefined, depth - 1);
  return [...before, { label: crumbLabel(url.pathname, url.searchParams), href: back }];
}

/** The trail of pages above this one, each a link to the view as it was left, then this page's name. */
export function breadcrumbs(back: string | undefined, current: string): Html {
  const trail = trailOf(back);
  if (trail.length === 0) return html``;
  return html`<nav class="breadcrumbs" aria-label="Breadcrumbs">
    <ol>
      ${trail.map((crumb) => html`<li><a href="${crumb.href}">${crumb.label}</a></li>`)}
      <li aria-current="page">${current}</li>
    </ol>
  </nav>`;
}
