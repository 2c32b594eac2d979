import type { html } from 'hono/html';

/** What hono's html template returns: escaped markup, possibly still resolving nested promises. */
export type Html = ReturnType<typeof html>;
