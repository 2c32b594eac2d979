import { html } from 'hono/html';
import type { Html } from '../html.js';

/** The query string of a URL, without empty values, so a link carries exactly the filters in force. */
export function queryString(
  parameters: Record<string, string | number | boolean | null | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * Download links for a table: the API endpoint with the page's filters and a format, so the file holds
 * every row matching them (not only the page on screen) and is the same file the CLI writes.
 */
export function downloadLinks(
  endpoint: string,
  filters: Record<string, string | number | boolean | null | undefined>,
  label: string,
): Html {
  const link = (format: string) => `${endpoint}${queryString({ ...filters, format })}`;
  return html`<div class="downloads" role="group" aria-label="Download ${label}">
    <a class="button secondary" href="${link('csv')}" download>Download CSV</a>
    <a class="button secondary" href="${link('ndjson')}" download>Download NDJSON</a>
  </div>`;
}
