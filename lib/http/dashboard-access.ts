import { allowedHosts } from "./allowed-hosts";

/**
 * Whether the dashboard may answer a request at the Host it names: only at one this server
 * answers as (LOUPE_ALLOWED_HOSTS, default the machine's own names and addresses). A
 * DNS-rebinding page that made evil.example resolve to a LAN address sends `Host: evil.example`.
 * Checked by the proxy for pages, by the pages themselves, and for sessions and sign-in.
 * Requests with a secret key, and ingestion, are not concerned: they carry their own credential.
 * This grants nothing: a page or an API answer also needs a session (lib/auth).
 */
export type DashboardAccess = "open" | "misdirected";

// The machine's addresses are read once per setting, not per request.
let memo: { setting: string | undefined; hosts: string[] } | undefined;

export function dashboardAccess(
  host: string | null,
  env: Record<string, string | undefined> = process.env,
): DashboardAccess {
  if (memo?.setting !== env.LOUPE_ALLOWED_HOSTS || !memo) {
    memo = { setting: env.LOUPE_ALLOWED_HOSTS, hosts: allowedHosts(env) };
  }
  return host !== null && hostMatches(hostnameOf(host), memo.hosts) ? "open" : "misdirected";
}

/** "127.0.0.1:3000" → "127.0.0.1", "[::1]:3000" → "[::1]", "Loupe.Example" → "loupe.example". */
function hostnameOf(host: string): string {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return "";
  }
}

/** An exact name or address, or `*.example.com` for any name under example.com. */
export function hostMatches(hostname: string, patterns: string[]): boolean {
  if (!hostname) return false;
  return patterns.some((pattern) =>
    pattern.startsWith("*.")
      ? hostname.endsWith(pattern.slice(1)) && hostname.length > pattern.length - 1
      : hostname === pattern,
  );
}

export const accessMessages: Record<
  Exclude<DashboardAccess, "open">,
  { status: number; title: string; body: string }
> = {
  misdirected: {
    status: 421,
    title: "Not a host this Loupe answers as",
    body: "The dashboard answers at the names and addresses in LOUPE_ALLOWED_HOSTS (default: this machine's own). Add the name you opened it by (README: Configuration).",
  },
};
