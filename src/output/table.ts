import { columnValue, textValue, type OutputRow, type RowSource } from './values.js';

/**
 * Column widths come from the header and the first rows only, so a long table streams in bounded
 * memory; a later, wider value pushes its own line out of line instead of holding every row back.
 */
export const tableSampleRows = 500;

/**
 * No cell is wider than this: a session's list of hundreds of reward ids would pad every line of the
 * table to thousands of characters. The other formats hold every value in full.
 */
export const tableCellWidth = 40;

export interface TableOptions {
  /** The zone whose clock instants are written on. */
  timeZone: string;
  sampleRows?: number;
  cellWidth?: number;
}

interface Cell {
  text: string;
  numeric: boolean;
}

/** The text cut to `width` characters, its last one an ellipsis, when it is longer. */
function capped(text: string, width: number): string {
  if (text.length <= width) return text;
  const characters = Array.from(text);
  return characters.length <= width ? text : `${characters.slice(0, width - 1).join('')}…`;
}

function cellsOf(row: OutputRow, columns: readonly string[], options: Required<TableOptions>): Cell[] {
  return columns.map((column) => {
    const value = columnValue(row, column);
    const text = textValue(value, options.timeZone).replace(/[\r\n\t]/g, ' ');
    return { text: capped(text, options.cellWidth), numeric: typeof value === 'number' };
  });
}

function line(cells: readonly Cell[], widths: readonly number[]): string {
  const padded = cells.map((cell, index) => {
    const width = widths[index] ?? 0;
    return cell.numeric ? cell.text.padStart(width) : cell.text.padEnd(width);
  });
  return ` ${padded.join(' | ')}`.trimEnd() + '\n';
}

/**
 * Aligned columns as psql prints them: numbers right-aligned, a rule under the header, a row count;
 * cells longer than the cell width end in an ellipsis.
 */
export async function* tableChunks(
  rows: RowSource,
  columns: readonly string[],
  tableOptions: TableOptions,
): AsyncIterable<string> {
  const options = { sampleRows: tableSampleRows, cellWidth: tableCellWidth, ...tableOptions };
  const { sampleRows } = options;
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
      sample.push(cellsOf(row, columns, options));
      if (sample.length < sampleRows) continue;
      yield* headerAndSample(sample);
      sample = undefined;
    } else {
      yield line(cellsOf(row, columns, options), widths);
    }
  }
  if (sample) yield* headerAndSample(sample);
  yield `(${count} ${count === 1 ? 'row' : 'rows'})\n`;
}
