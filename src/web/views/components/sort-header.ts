import type { Column } from './data-table.js';

/**
 * A column heading's sort link: ascending first, descending on a second click. `href` gives the page's
 * address with that sort (and the first page of it).
 */
export function sortHeader<Row>(
  key: string,
  current: string | undefined,
  href: (sort: string) => string,
): Column<Row>['sort'] {
  const direction = current === key ? 'ascending' : current === `-${key}` ? 'descending' : null;
  return { href: href(direction === 'ascending' ? `-${key}` : key), direction };
}
