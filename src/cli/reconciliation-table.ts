import type { FileReconciliation } from '../ingest/index.js';

const headings = ['file', 'lines', 'loaded', 'rejected', 'duplicates'] as const;

/** The per-file reconciliation as a plain-text table, numbers right-aligned, with a total row. */
export function reconciliationTable(files: readonly FileReconciliation[]): string {
  const sum = (key: 'lines' | 'loaded' | 'rejected' | 'duplicates') =>
    files.reduce((total, file) => total + file[key], 0);
  const rows = [
    ...files.map((file) => [file.file, file.lines, file.loaded, file.rejected, file.duplicates]),
    ['total', sum('lines'), sum('loaded'), sum('rejected'), sum('duplicates')],
  ].map((row) => row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)));
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => row[column]!.length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!)))
      .join('  ');
  return [format(headings), ...rows.map(format)].join('\n');
}
