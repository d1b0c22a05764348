/**
 * A path of this site to come back to, never another site: `//evil.example`, `/\evil.example`,
 * `/<TAB>/evil.example` (URL parsers drop tabs and newlines) all fall back to "/". Parsed as a URL
 * against a placeholder origin, and kept only when the origin stays the placeholder.
 */
export function safeNext(path: string | null | undefined): string {
  if (!path?.startsWith("/") || path.includes("\\") || [...path].some((c) => c.charCodeAt(0) < 32 || c === "\u007f")) {
    return "/";
  }
  try {
    const url = new URL(path, "http://loupe.invalid");
    return url.origin === "http://loupe.invalid" && !path.startsWith("//") ? url.pathname + url.search + url.hash : "/";
  } catch {
    return "/";
  }
}
