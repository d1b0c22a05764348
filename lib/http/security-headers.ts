/**
 * Security headers (docs/architecture.md#security-headers). Every response: no MIME sniffing, no
 * framing, no referrer to other origins. Pages also get a nonce-based Content-Security-Policy
 * from proxy.ts: scripts only with the request's nonce (Next.js puts it on its own), styles
 * inline too (React style attributes and ECharts' tooltips need it), everything else from the
 * app itself. The dev server also needs eval (React's debugging) and its hot-reload socket.
 */
export const staticSecurityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
