import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

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
for (const script of ['charts.js', 'filters.js', 'engagement.js', 'weekly.js', 'campaigns.js']) {
  assetFiles[script] = fileURLToPath(new URL(`../assets/${script}`, import.meta.url));
}

export function assetRoutes(): Hono {
  const cache = new Map<string, Promise<Buffer>>();
  const app = new Hono();
  app.get('/assets/*', async (c) => {
    const name = c.req.path.slice('/assets/'.length);
    const file = Object.hasOwn(assetFiles, name) ? assetFiles[name] : undefined;
    if (file === undefined) return c.text('not found', 404);
    let body = cache.get(name);
    if (!body) {
      body = readFile(file);
      cache.set(name, body);
      body.catch(() => cache.delete(name));
    }
    const extension = name.slice(name.lastIndexOf('.') + 1);
    return c.body(new Uint8Array(await body), 200, {
      'Content-Type': contentTypes[extension] ?? 'application/octet-stream',
      'Cache-Control': name.startsWith('vendor/') ? 'public, max-age=86400' : 'no-cache',
    });
  });
  return app;
}
