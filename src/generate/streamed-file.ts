import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

export interface WrittenFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Writes chunks of text to a file as they are produced, waiting for the stream to drain whenever its
 * buffer is full, so a producer much faster than the disk never piles up memory. The sha256 is taken on
 * the way out, so the file need not be read again for its checksum.
 */
export async function writeStreamed(path: string, chunks: Iterable<string>): Promise<WrittenFile> {
  const stream = createWriteStream(path, { highWaterMark: 1 << 20 });
  // Listening from the start means a failure (say, the folder vanished) is never an unhandled error event.
  const done = finished(stream);
  done.catch(() => undefined);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for (const chunk of chunks) {
      if (stream.errored) throw stream.errored;
      const buffer = Buffer.from(chunk, 'utf8');
      hash.update(buffer);
      bytes += buffer.length;
      if (!stream.write(buffer)) await Promise.race([once(stream, 'drain'), done]);
    }
    stream.end();
    await done;
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return { path, bytes, sha256: hash.digest('hex') };
}
