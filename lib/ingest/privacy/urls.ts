/**
 * Query-string parameters whose names look like secrets, removed from a stored URL, path or
 * query string: `/reset?email=…&token=abc` → `/reset?email=…`. A name looks like a secret when
 * one of its words (split at non-letters and camelCase) is in SECRET_WORDS: `access_token`,
 * `apiKey`, `session_id` and `code` do, `keyword` and `monkey` do not. docs/privacy.md#urls.
 */
const SECRET_WORDS = new Set([
  "token",
  "password",
  "passwd",
  "pwd",
  "secret",
  "key",
  "apikey",
  "code",
  "session",
  "sessionid",
  "sid",
  "auth",
  "otp",
  "jwt",
  "signature",
  "sig",
  "credential",
  "credentials",
]);

export function isSecretName(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, " "));
  } catch {
    // Malformed escapes: judge the name as written.
  }
  const words = decoded
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SECRET_WORDS.has(word));
}

/** The text without secret-named query parameters; the same string when there are none. */
export function stripSecretParams(value: string): string {
  if (value.indexOf("?") < 0 || value.indexOf("=") < 0) return value;
  let out = "";
  let emitted = 0;
  for (let q = value.indexOf("?"); q >= 0; q = value.indexOf("?", q + 1)) {
    // A query runs to the fragment or to the first space (a URL inside longer text).
    let end = q + 1;
    while (end < value.length && value[end] !== "#" && value[end] !== " " && value[end] !== "?") end++;
    const params = value.slice(q + 1, end).split("&");
    const kept = params.filter((param) => {
      const eq = param.indexOf("=");
      return !isSecretName(eq < 0 ? param : param.slice(0, eq));
    });
    if (kept.length < params.length) {
      out += value.slice(emitted, kept.length > 0 ? q + 1 : q) + kept.join("&");
      emitted = end;
    }
    q = end - 1;
  }
  return emitted === 0 ? value : out + value.slice(emitted);
}
