import { getDb } from "@/db/client";
import { handleAuthRequest } from "@/lib/auth/handler";

/** Sign-in, sign-out, the session, password reset and change (lib/auth/handler.ts). */
async function handle(request: Request): Promise<Response> {
  return handleAuthRequest(await getDb(), request);
}

export { handle as DELETE, handle as GET, handle as PATCH, handle as POST, handle as PUT };
