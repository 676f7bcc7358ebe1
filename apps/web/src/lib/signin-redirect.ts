// Where to send someone after sign-in. Only same-site paths are allowed, so a crafted link
// can't bounce a fresh session to another site.
export function safeCallbackUrl(value: string | string[] | undefined, fallback = '/'): string {
  const url = Array.isArray(value) ? value[0] : value;
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\'))
    return fallback;
  return url;
}

export function signInPath(callbackUrl: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
