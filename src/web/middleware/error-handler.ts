import type { Context, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PerxError, errorMessage } from '../../errors.js';
import { errorMessage as errorMessageView } from '../views/components/messages.js';
import { layout } from '../views/layout.js';

const isApi = (c: Context) => c.req.path.startsWith('/api/') || c.req.path === '/healthz';

/** A message in the form the caller reads: JSON for the API, a page for a browser. */
function failure(
  c: Context,
  status: 400 | 404 | 405 | 500,
  message: string,
  title: string,
  headers: Record<string, string> = {},
): Response | Promise<Response> {
  if (isApi(c)) return c.json({ error: message }, status, headers);
  return c.html(layout({ title, section: null, body: errorMessageView(message) }), status, headers);
}

/**
 * Bad parameters are the caller's to fix, so their message goes back with 400. Anything else is ours:
 * it is logged with its stack and the caller sees a generic 500, never internals such as SQL text.
 */
export function handleError(error: Error, c: Context): Response | Promise<Response> {
  if (error instanceof HTTPException) return error.getResponse();
  if (error instanceof PerxError && error.exitCode === 2) {
    return failure(c, 400, error.message, 'Bad request');
  }
  console.error(`perx serve: ${c.req.method} ${c.req.path} failed: ${errorMessage(error)}`);
  if (process.env.PERX_DEBUG) console.error(error);
  return failure(c, 500, 'internal error: see the server log', 'Server error');
}

/**
 * 404 for a path nothing answers; 405 with `Allow` for a known path asked with another method (a POST to
 * /api/sessions), so the caller learns what to change.
 */
export function notFoundHandler(allowedAt: (path: string) => readonly string[]): NotFoundHandler {
  return (c) => {
    const allowed = allowedAt(c.req.path);
    if (allowed.length > 0) {
      const methods = allowed.join(', ');
      return failure(
        c,
        405,
        `${c.req.method} is not allowed at ${c.req.path}: use ${methods}`,
        'Method not allowed',
        { Allow: methods },
      );
    }
    return failure(c, 404, `no page or endpoint at ${c.req.method} ${c.req.path}`, 'Not found');
  };
}
