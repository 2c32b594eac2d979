import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { encode, preferredEncoding } from './asset-encoding.js';

const contentTypes: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/**
 * The only files served under /assets: a fixed list, so no request path ever reaches the file system.
 * ECharts comes from the installed package, never from a CDN or a copy in this repository.
 */
const assetFiles: Record<string, string> = {
  'style.css': fileURLToPath(new URL('../assets/style.css', import.meta.url)),
  'icon.svg': fileURLToPath(new URL('../assets/icon.svg', import.meta.url)),
  'vendor/echarts.min.js': createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'),
};
for (const script of [
  'charts.js',
  'filters.js',
  'engagement.js',
  'weekly.js',
  'campaigns.js',
  'overview.js',
  'sessions.js',
  'theme.js',
]) {
  assetFiles[script] = fileURLToPath(new URL(`../assets/${script}`, import.meta.url));
}

/**
 * Serves the listed files, brotli- or gzip-compressed when the client takes it (ECharts is 1.1 MB as it
 * is, about 330 KB as brotli), each encoding made once per process and kept.
 */
export function assetRoutes(): Hono {
  const cache = new Map<string, Promise<Buffer>>();
  const app = new Hono();
  app.get('/assets/*', async (c) => {
    const name = c.req.path.slice('/assets/'.length);
    const file = Object.hasOwn(assetFiles, name) ? assetFiles[name] : undefined;
    if (file === undefined) return c.text('not found', 404);
    const extension = name.slice(name.lastIndexOf('.') + 1);
    const encoding = preferredEncoding(c.req.header('Accept-Encoding'));
    const key = `${encoding} ${name}`;
    let body = cache.get(key);
    if (!body) {
      body = readFile(file).then((content) => encode(content, encoding));
      cache.set(key, body);
      body.catch(() => cache.delete(key));
    }
    return c.body(new Uint8Array(await body), 200, {
      'Content-Type': contentTypes[extension] ?? 'application/octet-stream',
      'Cache-Control': name.startsWith('vendor/') ? 'public, max-age=86400' : 'no-cache',
      Vary: 'Accept-Encoding',
      ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
    });
  });
  return app;
}
