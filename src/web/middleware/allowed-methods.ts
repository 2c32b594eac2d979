import type { Hono } from 'hono';
import { METHOD_NAME_ALL } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';

/**
 * The methods the app answers at a path, from its own routes: a request with another method on a known
 * path is answered 405 with these in `Allow`, not 404. HEAD comes with GET, as Hono answers it. Empty
 * for a path no route knows.
 */
export function allowedMethods(app: Hono): (path: string) => string[] {
  let router: TrieRouter<string> | undefined;
  return (path) => {
    if (!router) {
      // Built on first use, once every route is registered; middleware (method ALL) names no method.
      router = new TrieRouter<string>();
      for (const route of app.routes) {
        if (route.method !== METHOD_NAME_ALL) router.add(METHOD_NAME_ALL, route.path, route.method);
      }
    }
    const methods = new Set(router.match(METHOD_NAME_ALL, path)[0].map(([method]) => method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods];
  };
}
