/**
 * An error as one log line that carries no data: no SQL parameters, no quoted values from
 * PostgreSQL's message, no event properties or traits (DESIGN §8). A failed query is named by its
 * SQL text's start (values are always bound, so the text holds none) and the server's SQLSTATE.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown (${typeof error})`;
  const cause = (error as { cause?: unknown }).cause;
  const pgError = (cause ?? error) as { code?: unknown; severity?: unknown; routine?: unknown };
  const sqlstate = typeof pgError.code === "string" && /^[0-9A-Z]{5}$/.test(pgError.code) ? pgError.code : null;
  const failedQuery = /^Failed query: ([^\n]*)/.exec(error.message);
  const where =
    error.stack
      ?.split("\n")
      .find((line) => line.trim().startsWith("at "))
      ?.trim() ?? "";
  if (failedQuery || sqlstate) {
    const statement = failedQuery ? ` in "${(failedQuery[1] ?? "").slice(0, 120)}"` : "";
    const message =
      cause instanceof Error ? withoutValues(cause.message) : withoutValues(error.message.split("\n")[0] ?? "");
    return `database error${sqlstate ? ` ${sqlstate}` : ""}: ${message}${statement} ${where}`.trim();
  }
  const errorCode = (error as { code?: unknown }).code;
  const code = typeof errorCode === "string" ? ` ${errorCode}` : "";
  return `${error.name}${code}: ${withoutValues(error.message.split("\n")[0] ?? "").slice(0, 200)} ${where}`.trim();
}

/** Quoted parts of a message ('…', "…") may hold values a user sent: left out. */
function withoutValues(message: string): string {
  return message.replace(/"[^"]*"|'[^']*'/g, "…");
}
