import type { Context } from 'hono';
import { UsageError } from '../../../errors.js';
import { readFreshness } from '../../status/freshness.js';
import type { Html } from '../../views/html.js';
import { layout, type LayoutProps } from '../../views/layout.js';
import type { WebContext } from '../../web-context.js';

type PageFrame = Omit<LayoutProps, 'body' | 'freshness'>;

/** A page's content; 404 when the thing it names (a session) does not exist. */
export interface PageContent {
  body: Html;
  status?: 200 | 404;
  /** The page shows work under way and reloads itself after this many seconds. */
  refreshSeconds?: number | undefined;
}

/**
 * Renders a page whose content depends on the request's parameters. A bad parameter is the visitor's
 * to fix: the page still renders, its form refilled, with the message in place of the results, and
 * status 400. Anything else is a server error and goes to the app's error handler.
 */
export async function renderPage(
  c: Context,
  { database, config }: WebContext,
  frame: PageFrame,
  content: () => Promise<PageContent>,
  contentForError: (message: string) => Html,
): Promise<Response> {
  const freshness = await readFreshness(database, config.timeZone);
  try {
    const { body, status = 200, refreshSeconds } = await content();
    return c.html(layout({ ...frame, freshness, body, refreshSeconds }), status);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const body = await contentForError(error.message);
    return c.html(layout({ ...frame, freshness, body }), 400);
  }
}

/** The query as requested (first value of each name), to refill a form even when it is invalid. */
export function rawQuery(c: Context): Record<string, string> {
  return c.req.query();
}
