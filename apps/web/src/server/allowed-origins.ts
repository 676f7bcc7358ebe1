// Which web pages may open our WebSocket with a visitor's cookie. Browsers always send `Origin` on
// a WebSocket upgrade, and a page on another site cannot forge it; tools and servers send none,
// and they carry their own credentials, so a missing Origin is not a browser's and is let through.

export interface OriginPolicy {
  /** The site's public address (NEXTAUTH_URL), when configured. */
  siteUrl?: string | undefined;
  /** Further origins allowed, e.g. a separate front end (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
}

/** `https://a.example, http://b.example:8080` → normalised origins; throws on anything else. */
export function parseAllowedOrigins(list: string | undefined): string[] {
  if (!list?.trim()) return [];
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const url = new URL(entry);
      if (url.origin === 'null' || url.href !== `${url.origin}/`) {
        throw new Error(`"${entry}" is not an origin (scheme://host[:port], nothing after it)`);
      }
      return url.origin;
    });
}

/** Whether a request with this Origin header, sent to this Host, may proceed. */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  policy: OriginPolicy,
): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // An opaque origin ("null": sandboxed frames, file: pages) could be anyone.
  if (url.origin === 'null') return false;
  if (host !== undefined && url.host === host.toLowerCase()) return true;
  if (policy.siteUrl && new URL(policy.siteUrl).origin === url.origin) return true;
  return policy.allowedOrigins.includes(url.origin);
}
