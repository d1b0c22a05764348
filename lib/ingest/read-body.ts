import { gunzipSync } from "node:zlib";
import { payloadTooLarge, readLimitedBody } from "@/lib/http/body";
import { ApiError } from "@/lib/http/errors";
import { limits } from "./limits";

/**
 * An ingestion body as text, refusing more than the caps while reading (not after), and
 * inflating gzip bodies with a ceiling on the output.
 */
export async function readBody(request: Request): Promise<string> {
  let body = await readLimitedBody(request, limits.requestBytes);
  const encoding = (request.headers.get("content-encoding") ?? "identity").toLowerCase().trim();
  if (encoding === "gzip") {
    try {
      body = gunzipSync(body, { maxOutputLength: limits.decompressedBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
        throw payloadTooLarge(limits.decompressedBytes, "decompressed body");
      }
      throw new ApiError(400, "invalid_gzip", "The body says gzip but does not decompress.");
    }
  } else if (encoding !== "identity") {
    throw new ApiError(415, "unsupported_encoding", `Content-Encoding ${encoding} is not supported; use gzip or none.`);
  }
  return body.toString("utf8");
}
