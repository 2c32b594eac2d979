import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type AssetEncoding = 'br' | 'gzip' | 'identity';

const compressors: Record<Exclude<AssetEncoding, 'identity'>, (body: Buffer) => Promise<Buffer>> = {
  // Assets are compressed once per process and kept, so the smallest output is worth the time.
  br: (body) =>
    promisify(brotliCompress)(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => promisify(gzip)(body, { level: 9 }),
};

/**
 * The encoding to send, from the request's Accept-Encoding (RFC 9110 12.5.3): brotli before gzip, each
 * only when listed with a q-value above 0 (or `*`), else the file as it is.
 */
export function preferredEncoding(acceptEncoding: string | undefined): AssetEncoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [coding = '', ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
    accepted.set(coding.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (coding: string) => accepted.get(coding) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/** The body in that encoding. */
export function encode(body: Buffer, encoding: AssetEncoding): Promise<Buffer> {
  return encoding === 'identity' ? Promise.resolve(body) : compressors[encoding](body);
}
