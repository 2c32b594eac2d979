/**
 * Source URLs may carry credentials (https://user:token@host/...). They must reach the server, but never
 * an error message, a log line or ingest_run.source.
 */
const userInfoInText = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]+)@/gi;

/** Masks the credentials of every URL in a text; the rest of the text stays as written. */
export function maskCredentials(text: string): string {
  return text.replace(userInfoInText, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    if (colon >= 0) return `${scheme}${userInfo.slice(0, colon)}:****@`;
    // A lone https user name is usually a token (https://<token>@github.com/...); an ssh one (git@) is not.
    return /^https?:/i.test(scheme) ? `${scheme}****@` : `${scheme}${userInfo}@`;
  });
}

/**
 * fetch() refuses URLs with credentials, so they travel as a Basic Authorization header instead, which
 * is what a browser or git does with them.
 */
export function splitCredentials(url: string): { url: string; authorization?: string } {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { url };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return {
    url: parsed.href,
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}
