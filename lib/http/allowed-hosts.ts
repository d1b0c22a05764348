import os from "node:os";

/**
 * The host names this server answers as: LOUPE_ALLOWED_HOSTS (comma-separated names, addresses or
 * `*.example.com` patterns) when set, else the machine's own — localhost, its host name and every
 * address of its network interfaces, as the dev server prints them. next.config.ts gives them to
 * the dev server (`allowedDevOrigins`), which otherwise serves its scripts to localhost only.
 * No `server-only` import: next.config.ts loads this module outside the app.
 */
export function allowedHosts(
  env: Record<string, string | undefined> = process.env,
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
  hostname: string = os.hostname(),
): string[] {
  const configured = env.LOUPE_ALLOWED_HOSTS?.split(",")
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  if (configured?.length) return configured;
  const addresses = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .map((info) => (info.family === "IPv6" ? `[${info.address.toLowerCase()}]` : info.address));
  return [...new Set(["localhost", "127.0.0.1", "[::1]", hostname.toLowerCase(), ...addresses])];
}
