import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatBytes, terminalProgress } from '../../src/cli/ingest-progress.js';

describe('formatBytes', () => {
  it('uses binary units with one decimal', () => {
    expect([0, 1023, 1024, 929735, 1024 ** 3 * 1.5].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '907.9 KiB',
      '1.5 GiB',
    ]);
  });
});

describe('terminalProgress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('redraws one line in place at most every 100 ms, and ends it when the file is done', () => {
    vi.useFakeTimers({ now: 0 });
    const written: string[] = [];
    const report = terminalProgress({
      write: (text: string) => written.push(text),
    } as unknown as NodeJS.WriteStream);
    const event = { file: 'http_log.txt', totalBytes: 929735, done: false };
    report({ ...event, bytes: 262144, lines: 4000 });
    vi.setSystemTime(50);
    report({ ...event, bytes: 524288, lines: 9000 });
    vi.setSystemTime(150);
    report({ ...event, bytes: 786432, lines: 13500 });
    report({ ...event, bytes: 929735, lines: 16000, done: true });
    expect(written).toEqual([
      '\r\x1b[K  http_log.txt                  256.0 KiB / 907.9 KiB         4,000 lines',
      '\r\x1b[K  http_log.txt                  768.0 KiB / 907.9 KiB        13,500 lines',
      '\r\x1b[K  http_log.txt                  907.9 KiB / 907.9 KiB        16,000 lines\n',
    ]);
  });
});
