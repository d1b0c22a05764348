/** The peer address lib/server/http-server.cjs put on the request (the socket's, never a client's). */
export const PEER_HEADER = "x-loupe-peer-address";

/**
 * The address a request comes from, for the sign-in throttle and the audit log: the connection's
 * own (`x-loupe-peer-address`), unless that is one of LOUPE_TRUSTED_PROXIES (comma-separated
 * addresses of your reverse proxies). Then X-Forwarded-For is read from the right, skipping the
 * trusted proxies: the first other address is the client as the last trusted proxy saw it.
 * Entries left of it were written by the client and are never believed.
 */
export function clientAddress(headers: Headers, env: Record<string, string | undefined> = process.env): string | null {
  const peer = headers.get(PEER_HEADER);
  const trusted = new Set(
    (env.LOUPE_TRUSTED_PROXIES ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean),
  );
  if (!peer || !trusted.has(peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}
