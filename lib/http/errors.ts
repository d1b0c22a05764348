import type { ZodError } from "zod";
import { isConnectionError } from "@/db/errors";
import { describeError } from "./log-error";

/** An error the API answers as `{ error: { code, message, details } }` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** The `error.code` errorResponse answers for `error` (ingestion health counts refusals by it). */
export function errorCodeOf(error: unknown): string {
  if (error instanceof ApiError) return error.code;
  return isConnectionError(error) ? "database_unavailable" : "internal_error";
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    return Response.json(
      { error: { code: error.code, message: error.message, details: error.details ?? null } },
      { status: error.status, headers: error.headers },
    );
  }
  if (isConnectionError(error)) {
    // The database, or on Citus a worker holding shards of the answer, is unreachable: retry later.
    console.error(`database unavailable: ${describeError(error)}`);
    return Response.json(
      { error: { code: "database_unavailable", message: "The database is unavailable; retry later.", details: null } },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  console.error(`unhandled API error: ${describeError(error)}`);
  return Response.json(
    { error: { code: "internal_error", message: "Something went wrong on our side.", details: null } },
    { status: 500 },
  );
}

/** zod issues → `[{ field: "series.0.event", reason }]`: the field and reason DESIGN §6 asks for. */
export function invalidParams(error: ZodError): ApiError {
  const details = error.issues.map((issue) => ({
    field: issue.path.join(".") || null,
    reason: issue.message,
  }));
  const first = details[0];
  const message = first ? `${first.field ?? "body"}: ${first.reason}` : "invalid parameters";
  return new ApiError(400, "invalid_params", message, details);
}
