import { columnValue, textValue, type OutputRow, type RowSource } from './values.js';

/**
 * Column widths come from the header and the first rows only, so a long table streams in bounded
 * memory; a later, wider value pushes its own line out of line instead of holding every row back.
 */
export const tableSampleRows = 500;

interface Cell {
  text: string;
  numeric: boolean;
}

function cellsOf(row: OutputRow, columns: readonly string[]): Cell[] {
  return columns.map((column) => {
    const value = columnValue(row, column);
    return { text: textValue(value).replace(/[\r\n\t]/g, ' '), numeric: typeof value === 'number' };
  });
}

function line(cells: readonly Cell[], widths: readonly number[]): string {
  const padded = cells.map((cell, index) => {
    const width = widths[index] ?? 0;
    return cell.numeric ? cell.text.padStart(width) : cell.text.padEnd(width);
  });
  return ` ${padded.join(' | ')}`.trimEnd() + '\n';
}

/** Aligned columns as psql prints them: numbers right-aligned, a rule under the header, a row count. */
export async function* tableChunks(
  rows: RowSource,
  columns: readonly string[],
  sampleRows = tableSampleRows,
): AsyncIterable<string> {
  const header = columns.map((text) => ({ text, numeric: false }));
  let sample: Cell[][] | undefined = [];
  let widths: number[] = [];
  let count = 0;
  function* headerAndSample(held: Cell[][]): Iterable<string> {
    widths = columns.map((_, index) =>
      Math.max(...[header, ...held].map((cells) => cells[index]?.text.length ?? 0)),
    );
    yield line(header, widths);
    yield widths.map((width) => '-'.repeat(width + 2)).join('+') + '\n';
    for (const cells of held) yield line(cells, widths);
  }
  for await (const row of rows) {
    count++;
    if (sample) {
      sample.push(cellsOf(row, columns));
      if (sample.length < sampleRows) continue;
      yield* headerAndSample(sample);
      sample = undefined;
    } else {
      yield line(cellsOf(row, columns), widths);
    }
  }
  if (sample) yield* headerAndSample(sample);
  yield `(${count} ${count === 1 ? 'row' : 'rows'})\n`;
}
