import { ApiError } from "./errors";

/** The raw body, refused with 413 as soon as it passes `maxBytes` (counted while reading). */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw payloadTooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read().catch(() => {
      // The client went away mid-upload: nothing to answer, nothing to log.
      throw new ApiError(400, "request_aborted", "The request body ended before it was complete.");
    });
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function payloadTooLarge(maxBytes: number, what = "request body"): ApiError {
  return new ApiError(413, "payload_too_large", `Payload too large: ${what} over ${maxBytes} bytes.`, {
    limit: maxBytes,
  });
}

const JSON_LIMIT = 256 * 1024;

/** A JSON request body of the API (at most 256 KB). */
export async function readJson(request: Request): Promise<unknown> {
  return parseJson((await readLimitedBody(request, JSON_LIMIT)).toString("utf8"));
}

/** JSON text → value, or 400 `invalid_json`: every endpoint answers bad JSON the same way. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON.");
  }
}
