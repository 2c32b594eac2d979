import type { FileReconciliation, TableChange } from '../ingest/index.js';

/** A plain-text table: the first column left-aligned, the others (numbers) right-aligned. */
function plainTable(headings: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((row) =>
    row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)),
  );
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...cells.map((row) => row[column]!.length)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!)))
      .join('  ');
  return [format(headings), ...cells.map(format)].join('\n');
}

/** The per-file reconciliation, with a total row. */
export function reconciliationTable(files: readonly FileReconciliation[]): string {
  const sum = (key: 'lines' | 'loaded' | 'rejected' | 'duplicates') =>
    files.reduce((total, file) => total + file[key], 0);
  return plainTable(
    ['file', 'lines', 'loaded', 'rejected', 'duplicates'],
    [
      ...files.map((file) => [file.file, file.lines, file.loaded, file.rejected, file.duplicates]),
      ['total', sum('lines'), sum('loaded'), sum('rejected'), sum('duplicates')],
    ],
  );
}

/** Each data table's rows before the ingest and after it. */
export function tableChangesTable(tables: readonly TableChange[]): string {
  return plainTable(
    ['table', 'rows before', 'rows after'],
    tables.map(({ table, before, after }) => [table, before, after]),
  );
}
