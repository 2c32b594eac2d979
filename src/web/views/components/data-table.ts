import { html } from 'hono/html';
import type { Html } from '../html.js';

export interface Column<Row> {
  label: string;
  cell: (row: Row) => Html | string | number | null;
  numeric?: boolean;
  /** Long free text (lists of ids) may wrap anywhere instead of widening the table. */
  wrap?: boolean;
  /**
   * A name beside an id: on a narrow screen it is cut to a few words (whole in its tooltip), so the
   * figures after it stay on the first screen.
   */
  clip?: boolean;
  /** A sentence: on a narrow screen it keeps a paragraph's width, so each row stays two or three lines. */
  prose?: boolean;
  /** A date and time: on a narrow screen it may take two lines rather than the width of two columns. */
  fold?: boolean;
  /** The row's name, read out by screen readers with every cell of that row. */
  rowHeader?: boolean;
  /** What the figure means, shown as the header's tooltip (the README's glossary has the same words). */
  definition?: string;
  /** Present when the table can be sorted by this column: where a click on the header goes. */
  sort?: { href: string; direction: 'ascending' | 'descending' | null };
}

function headerLabel<Row>(column: Column<Row>): Html | string {
  return column.definition
    ? html`<span class="defined" title="${column.definition}">${column.label}</span>`
    : column.label;
}

function headerCell<Row>(column: Column<Row>): Html {
  // A wrapping column's header may wrap too, or its words on one line would set the column's width.
  const className = [column.numeric ? 'number' : '', column.wrap ? 'wrap' : ''].filter(Boolean).join(' ');
  if (!column.sort) return html`<th scope="col" class="${className}">${headerLabel(column)}</th>`;
  const arrow =
    column.sort.direction === 'ascending' ? ' ▲' : column.sort.direction === 'descending' ? ' ▼' : '';
  const next = column.sort.direction === 'ascending' ? 'descending' : 'ascending';
  return html`<th scope="col" class="${className}" aria-sort="${column.sort.direction ?? 'none'}">
    <a href="${column.sort.href}" title="sort ${next}">${headerLabel(column)}${arrow}</a>
  </th>`;
}

function bodyCell<Row>(column: Column<Row>, row: Row): Html {
  const value = column.cell(row);
  const className = [
    column.numeric ? 'number' : '',
    column.wrap ? 'wrap' : '',
    column.clip ? 'clip' : '',
    column.fold ? 'fold' : '',
    column.prose ? 'prose' : '',
  ]
    .filter(Boolean)
    .join(' ');
  // A clipped name is whole in its tooltip.
  const title = column.clip && typeof value === 'string' ? value : undefined;
  if (column.rowHeader) return html`<th scope="row" class="${className}">${value}</th>`;
  return title === undefined
    ? html`<td class="${className}">${value}</td>`
    : html`<td class="${className}" title="${title}">${value}</td>`;
}

/** Real table markup: a caption, column headers with scope, and a row header where rows have a name. */
export function dataTable<Row>(props: {
  id: string;
  caption: Html | string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
}): Html {
  return html`<div class="table-wrap">
    <table id="${props.id}">
      <caption>
        ${props.caption}
      </caption>
      <thead>
        <tr>
          ${props.columns.map((column) => headerCell(column))}
        </tr>
      </thead>
      <tbody>
        ${props.rows.map(
          (row) =>
            html`<tr>
              ${props.columns.map((column) => bodyCell(column, row))}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
