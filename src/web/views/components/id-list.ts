import { html } from 'hono/html';
import type { Html } from '../html.js';
import { integer } from '../format.js';

/** Ids shown in a cell before the rest fold away. */
export const idsShown = 8;

/**
 * A list of ids in a table cell, each a link when `href` is given. A long list (a session that issued
 * hundreds of rewards) shows its first ids and its count, and the rest inside a <details> that opens
 * in place, without scripts.
 */
export function idList(
  ids: readonly (number | bigint)[],
  href?: (id: number | bigint) => string,
  shown = idsShown,
): Html | string {
  if (ids.length === 0) return '—';
  const item = (id: number | bigint) => (href ? html`<a href="${href(id)}">${String(id)}</a>` : String(id));
  const joined = (part: readonly (number | bigint)[]) =>
    part.map((id, index) => html`${index > 0 ? ', ' : ''}${item(id)}`);
  if (ids.length <= shown) return html`${joined(ids)}`;
  return html`<span class="id-list"
    >${joined(ids.slice(0, shown))}
    <details class="more-ids">
      <summary>+${integer(ids.length - shown)} more (${integer(ids.length)} in all)</summary>
      ${joined(ids.slice(shown))}
    </details></span
  >`;
}
