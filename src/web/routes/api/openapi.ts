import { Hono } from 'hono';
import { apiDocsPage } from '../../views/api-docs-page.js';
import { layout } from '../../views/layout.js';
import { openApiDocument } from '../../openapi/document.js';
import type { WebContext } from '../../web-context.js';
import { exactJson } from './exact-json.js';

/** GET /api/openapi.json: the API's OpenAPI 3.1 document; GET /api/docs: the same as a page. */
export function openApiRoutes({ config }: WebContext): Hono {
  const document = openApiDocument(config);
  const app = new Hono();
  app.get('/api/openapi.json', (c) => exactJson(c, document));
  app.get('/api/docs', (c) =>
    c.html(layout({ title: 'API reference', section: null, body: apiDocsPage(document) })),
  );
  return app;
}
