import type { SeededRandom } from './seeded-random.js';

/**
 * Shuffles lines within consecutive windows of a fixed size and hands each window on as one chunk of text.
 * The real files are not sorted, yet a full shuffle would hold a whole file in memory: a bounded window
 * gives disorder at the scale a reader notices (neighbouring lines) in constant memory, and one chunk per
 * window keeps the number of writes low.
 */
export class LocalShuffle implements Iterable<string> {
  /** Lines handed on so far. */
  lineCount = 0;

  constructor(
    private readonly lines: Iterable<string>,
    private readonly window: number,
    private readonly random: SeededRandom,
  ) {}

  *[Symbol.iterator](): Generator<string> {
    const held: string[] = [];
    for (const line of this.lines) {
      held.push(line);
      if (held.length === this.window) {
        yield this.shuffledText(held);
        held.length = 0;
      }
    }
    if (held.length > 0) yield this.shuffledText(held);
  }

  private shuffledText(lines: string[]): string {
    for (let index = lines.length - 1; index > 0; index--) {
      const other = this.random.below(index + 1);
      const line = lines[index] as string;
      lines[index] = lines[other] as string;
      lines[other] = line;
    }
    this.lineCount += lines.length;
    return lines.join('');
  }
}
