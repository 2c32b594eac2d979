import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { preferredEncoding } from '../../src/web/routes/asset-encoding.js';
import { assetRoutes } from '../../src/web/routes/assets.js';

const echartsFile = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');

describe('compressed assets', () => {
  it('picks brotli, then gzip, from Accept-Encoding, honouring q=0 and *', () => {
    expect(preferredEncoding('gzip, deflate, br')).toBe('br');
    expect(preferredEncoding('gzip, deflate')).toBe('gzip');
    expect(preferredEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(preferredEncoding('BR ; q=0.1')).toBe('br');
    expect(preferredEncoding('*')).toBe('br');
    expect(preferredEncoding('*, br;q=0')).toBe('gzip');
    expect(preferredEncoding('*;q=0')).toBe('identity');
    expect(preferredEncoding('identity')).toBe('identity');
    expect(preferredEncoding('')).toBe('identity');
    expect(preferredEncoding(undefined)).toBe('identity');
  });

  it('sends ECharts as brotli or gzip that decodes to the file, or the file as it is', async () => {
    const app = assetRoutes();
    const original = await readFile(echartsFile);
    const fetchAs = async (acceptEncoding: string) => {
      const response = await app.request('/assets/vendor/echarts.min.js', {
        headers: { 'Accept-Encoding': acceptEncoding },
      });
      expect(response.headers.get('vary')).toBe('Accept-Encoding');
      return {
        encoding: response.headers.get('content-encoding'),
        body: Buffer.from(await response.arrayBuffer()),
      };
    };
    const brotli = await fetchAs('gzip, br');
    expect(brotli.encoding).toBe('br');
    expect(brotliDecompressSync(brotli.body).equals(original)).toBe(true);
    // Compression is what makes the chart library affordable: under a third of its size.
    expect(brotli.body.length).toBeLessThan(original.length / 3);
    const gzipped = await fetchAs('gzip');
    expect(gzipped.encoding).toBe('gzip');
    expect(gunzipSync(gzipped.body).equals(original)).toBe(true);
    const plain = await fetchAs('identity');
    expect(plain.encoding).toBeNull();
    expect(plain.body.equals(original)).toBe(true);
  });
});
