import { ApiError, errorResponse } from "@/lib/http/errors";

/** Unknown API paths answer in the API's error shape, not with the dashboard's HTML 404. */
function notFound(request: Request) {
  const { pathname } = new URL(request.url);
  return errorResponse(new ApiError(404, "not_found", `No API route ${request.method} ${pathname}.`));
}

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
