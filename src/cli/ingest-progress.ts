import type { IngestProgress } from '../ingest/index.js';

/** How often the progress line is redrawn: often enough to move, rarely enough to cost nothing. */
const redrawMilliseconds = 100;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * One line per file on a terminal, redrawn in place while the file streams in (bytes read of its size,
 * lines parsed), and left standing when the file is done.
 */
export function terminalProgress(stream: NodeJS.WriteStream): (progress: IngestProgress) => void {
  let lastDraw = Number.NEGATIVE_INFINITY;
  return (progress) => {
    const now = Date.now();
    if (!progress.done && now - lastDraw < redrawMilliseconds) return;
    lastDraw = now;
    const line = `  ${progress.file.padEnd(28)} ${formatBytes(progress.bytes).padStart(10)} / ${formatBytes(progress.totalBytes).padEnd(10)} ${progress.lines.toLocaleString('en-US').padStart(12)} lines`;
    stream.write(`\r\x1b[K${line}${progress.done ? '\n' : ''}`);
  };
}

/** Between two lines of `lineProgress` for the same file. */
const lineIntervalMilliseconds = 2000;

/**
 * Progress as whole lines, for output that is not a terminal (a log, `docker logs`): a line when a file
 * starts, one every two seconds while it streams, and one when it is done.
 */
export function lineProgress(write: (line: string) => void): (progress: IngestProgress) => void {
  let lastLine = Number.NEGATIVE_INFINITY;
  let file = '';
  return (progress) => {
    const now = Date.now();
    const starting = progress.file !== file;
    if (!starting && !progress.done && now - lastLine < lineIntervalMilliseconds) return;
    file = progress.file;
    lastLine = now;
    const share = progress.totalBytes > 0 ? Math.floor((progress.bytes * 100) / progress.totalBytes) : 100;
    write(
      `  ${progress.file.padEnd(28)} ${String(share).padStart(3)}% of ${formatBytes(progress.totalBytes).padEnd(10)} ${progress.lines.toLocaleString('en-US').padStart(12)} lines${progress.done ? ', done' : ''}`,
    );
  };
}
