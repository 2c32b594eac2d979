/** One measured step of the bench. */
export interface BenchRow {
  step: string;
  rows: number | undefined;
  seconds: number | undefined;
  /** The step this one is compared with as psql \copy and as DuckDB (a load, or a sessionization). */
  versusPsql?: number | undefined;
  versusDuckdb?: number | undefined;
  processRssKb: number | undefined;
  serverPssKb: number | undefined;
  note?: string;
}

const headings = [
  'step',
  'rows',
  'seconds',
  'rows/s',
  'x psql \\copy',
  'x DuckDB',
  'process peak RSS',
  'server peak PSS',
  'note',
];

const dash = '-';
const megabytes = (kb: number | undefined) => (kb === undefined ? dash : `${Math.round(kb / 1024)} MB`);
const ratio = (seconds: number | undefined, baseline: number | undefined) =>
  seconds === undefined || baseline === undefined ? dash : `${(seconds / baseline).toFixed(2)}x`;

/** The rows as a Markdown table, so the README can take it as it is. */
export function resultsTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((row) => [
    row.step,
    row.rows === undefined ? dash : row.rows.toLocaleString('en-US'),
    row.seconds === undefined ? dash : row.seconds.toFixed(2),
    row.rows === undefined || row.seconds === undefined
      ? dash
      : Math.round(row.rows / row.seconds).toLocaleString('en-US'),
    ratio(row.seconds, row.versusPsql),
    ratio(row.seconds, row.versusDuckdb),
    megabytes(row.processRssKb),
    megabytes(row.serverPssKb),
    row.note ?? '',
  ]);
  return markdownTable(headings, cells);
}

/**
 * A Markdown table with its columns padded to their widest cell: the first and last columns (names and
 * notes) aligned left, the figures between them right.
 */
export function markdownTable(headings: readonly string[], cells: readonly (readonly string[])[]): string {
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...cells.map((line) => line[column]!.length)),
  );
  const left = (column: number) => column === 0 || column === headings.length - 1;
  const format = (line: readonly string[]) =>
    `| ${line.map((cell, column) => (left(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (left(column) ? `:${dash.repeat(width + 1)}` : `${dash.repeat(width + 1)}:`)).join('|')}|`;
  return [format(headings), rule, ...cells.map(format)].join('\n');
}
