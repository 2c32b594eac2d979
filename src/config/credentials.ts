/**
 * URLs may carry credentials (https://user:token@host/..., postgres://user:password@host/...). They must
 * reach the server they are for, but never an error message, a log line, a stored row (ingest_run.source)
 * or a page.
 */
const userInfoInText = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]+)@/gi;

/**
 * Masks the credentials of every URL in a text; the rest of the text stays as written. A password is
 * masked and its user name kept (`https://user:****@host`); a lone user name in an http(s) URL is usually
 * a token (`https://<token>@github.com/...`) and is masked whole; an ssh user (`ssh://git@host`) is kept.
 */
export function maskCredentials(text: string): string {
  return text.replace(userInfoInText, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    if (colon >= 0) return `${scheme}${userInfo.slice(0, colon)}:****@`;
    return /^https?:/i.test(scheme) ? `${scheme}****@` : `${scheme}${userInfo}@`;
  });
}
