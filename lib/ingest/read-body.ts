import { gunzipSync } from "node:zlib";
import { ApiError } from "@/lib/http/errors";
import { limits } from "./limits";

/**
 * The request body as text, refusing more than the caps while reading (not after): the stream is
 * counted as it arrives, and gzip bodies are inflated with a ceiling on the output.
 */
export async function readBody(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limits.requestBytes) throw tooLarge(`request body over ${limits.requestBytes} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limits.requestBytes) {
      await reader.cancel();
      throw tooLarge(`request body over ${limits.requestBytes} bytes`);
    }
    chunks.push(value);
  }
  let body = Buffer.concat(chunks);
  const encoding = (request.headers.get("content-encoding") ?? "identity").toLowerCase().trim();
  if (encoding === "gzip") {
    try {
      body = gunzipSync(body, { maxOutputLength: limits.decompressedBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
        throw tooLarge(`decompressed body over ${limits.decompressedBytes} bytes`);
      }
      throw new ApiError(400, "invalid_gzip", "The body says gzip but does not decompress.");
    }
  } else if (encoding !== "identity") {
    throw new ApiError(415, "unsupported_encoding", `Content-Encoding ${encoding} is not supported; use gzip or none.`);
  }
  return body.toString("utf8");
}

function tooLarge(message: string) {
  return new ApiError(413, "payload_too_large", `Payload too large: ${message}.`, { limit: limits.requestBytes });
}
