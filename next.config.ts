import type { NextConfig } from "next";
import { allowedHosts } from "./lib/http/allowed-hosts";
import { staticSecurityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
  // `next dev` serves its scripts and hot reload to localhost only unless told otherwise: the
  // dashboard works at every address it prints (and LOUPE_ALLOWED_HOSTS, see the README).
  allowedDevOrigins: allowedHosts(),
  // Pages add a Content-Security-Policy of their own (proxy.ts).
  headers: async () => [{ source: "/:path*", headers: staticSecurityHeaders }],
};

export default nextConfig;
