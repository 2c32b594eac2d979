import { html } from 'hono/html';
import type { Html } from '../html.js';

/** A bad parameter's message, announced to screen readers as soon as the page loads. */
export function errorMessage(message: string): Html {
  return html`<div class="error-message" role="alert">
    <strong>Cannot show this report:</strong> ${message}
  </div>`;
}

export function emptyState(message: string): Html {
  return html`<p class="empty" role="status">${message}</p>`;
}

/** Whether any of these query parameters narrows what a page lists. */
export function isFiltered(query: Readonly<Record<string, string>>, names: readonly string[]): boolean {
  return names.some((name) => (query[name] ?? '').trim() !== '');
}

/**
 * Nothing to list, and why: the filters leave nothing (with a link to the unfiltered view), or the
 * loaded data holds none of it (with how to load data).
 */
export function noRows(props: { what: string; filtered: boolean; unfilteredHref: string }): Html {
  return props.filtered
    ? html`<p class="empty" role="status">
        No ${props.what} match these filters. <a href="${props.unfilteredHref}">Show all ${props.what}</a>
      </p>`
    : html`<p class="empty" role="status">
        No ${props.what} in the loaded data. Load a data set with <code>npx perx ingest</code>.
      </p>`;
}
