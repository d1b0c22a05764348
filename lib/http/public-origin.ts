/**
 * The origin a link Loupe hands out should start with: LOUPE_PUBLIC_URL when set, else the one
 * the caller used (its Host, with the scheme of its Origin; Next's request.url names the
 * server's own listening address instead, which a browser on another name has no cookie for).
 */
export function publicOrigin(request: Request, env: Record<string, string | undefined> = process.env): string {
  if (env.LOUPE_PUBLIC_URL) return env.LOUPE_PUBLIC_URL.replace(/\/$/, "");
  const host = request.headers.get("host");
  if (!host) return new URL(request.url).origin;
  let scheme = "http";
  try {
    const origin = request.headers.get("origin");
    if (origin && new URL(origin).host === host) scheme = new URL(origin).protocol.replace(":", "");
  } catch {
    // a malformed Origin: plain http, as the server itself speaks
  }
  return `${scheme}://${host}`;
}
