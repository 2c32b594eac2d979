import { html } from 'hono/html';
import type { Html } from '../html.js';
import { integer } from '../format.js';

/** Page sizes a visitor can pick; a page never holds more than the API's limit of 1000 rows. */
export const pageSizes = [25, 50, 100, 500, 1000] as const;

export interface PaginationProps {
  /** What the rows are, plural, for the summary and the navigation's name ("sessions"). */
  noun: string;
  total: number;
  limit: number;
  offset: number;
  /** The URL of the page starting at this offset, holding this many rows, the other parameters kept. */
  href: (offset: number, limit: number) => string;
  /** An id for the summary, unique on the page. */
  id?: string;
}

/** The page numbers shown: the first, the last, and two on each side of the current one. */
export function pageNumbers(current: number, pages: number): (number | 'gap')[] {
  const shown: (number | 'gap')[] = [];
  for (let page = 1; page <= pages; page++) {
    if (page === 1 || page === pages || Math.abs(page - current) <= 2) shown.push(page);
    else if (shown.at(-1) !== 'gap') shown.push('gap');
  }
  return shown;
}

/**
 * Numbered paging and a choice of page size, all plain links, so it works without scripts and every
 * page of a table is an address. Changing the size goes back to the first page.
 */
export function pagination(props: PaginationProps): Html {
  const { total, limit, offset } = props;
  const first = total === 0 ? 0 : Math.min(offset + 1, total);
  const last = Math.min(offset + limit, total);
  const pages = Math.max(1, Math.ceil(total / limit));
  const current = Math.floor(offset / limit) + 1;
  const pageLink = (page: number) => props.href((page - 1) * limit, limit);
  const summary =
    total === 0
      ? `No ${props.noun}`
      : offset >= total
        ? `Past the last of ${integer(total)} ${props.noun}`
        : `${props.noun[0]?.toUpperCase()}${props.noun.slice(1)} ${integer(first)}–${integer(last)} of ${integer(total)}`;
  return html`<nav class="pagination" aria-label="Pages of ${props.noun}">
    <span id="${props.id ?? 'page-summary'}" role="status">${summary}</span>
    ${
      pages > 1
        ? html`<ul class="page-numbers">
            ${
              current > 1
                ? html`<li>
                    <a rel="prev" href="${pageLink(current - 1)}" aria-label="Previous page">‹</a>
                  </li>`
                : ''
            }
            ${pageNumbers(current, pages).map((page) =>
              page === 'gap'
                ? html`<li aria-hidden="true">…</li>`
                : page === current
                  ? html`<li><a aria-current="page" href="${pageLink(page)}">${integer(page)}</a></li>`
                  : html`<li><a href="${pageLink(page)}">${integer(page)}</a></li>`,
            )}
            ${
              current < pages
                ? html`<li><a rel="next" href="${pageLink(current + 1)}" aria-label="Next page">›</a></li>`
                : ''
            }
          </ul>`
        : ''
    }
    ${
      total > pageSizes[0]
        ? html`<span class="page-sizes"
            >Per page:
            ${pageSizes.map((size) =>
              size === limit
                ? html`<strong aria-current="true">${size}</strong>`
                : html`<a href="${props.href(0, size)}">${size}</a>`,
            )}</span
          >`
        : ''
    }
  </nav>`;
}
