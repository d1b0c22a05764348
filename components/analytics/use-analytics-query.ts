"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { analyticsKeys } from "@/lib/analytics/keys";

export class QueryError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** POST /api/v1/projects/{project}/query from the browser; errors keep the API's message. */
export async function fetchAnalytics<T>(project: string, params: { kind: string }): Promise<T> {
  const response = await fetch(`/api/v1/projects/${encodeURIComponent(project)}/query`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return readAnswer<T>(response);
}

/** An API answer's body, or its error as a QueryError with the API's message and code. */
export async function readAnswer<T>(response: Response): Promise<T> {
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error ?? {};
    throw new QueryError(
      error.message ?? `Request failed (${response.status})`,
      error.code ?? "http_error",
      response.status,
    );
  }
  return body as T;
}

/** One analytics result, keyed like the server prefetch so hydrated data is used as is; not asked while `enabled` is false. */
export function useAnalyticsQuery<T>(project: string, params: { kind: string }, enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.query(project, params),
    queryFn: () => fetchAnalytics<T>(project, params),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A keyset-paginated analysis (`funnel_persons`…), page after page; disabled while `params` is null. */
export function useAnalyticsPages<T extends { nextCursor: string | null }>(
  project: string,
  params: { kind: string } | null,
) {
  return useInfiniteQuery({
    queryKey: analyticsKeys.query(project, params ?? { kind: "none" }),
    queryFn: ({ pageParam }) =>
      fetchAnalytics<T>(project, { ...(params as { kind: string }), ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: params !== null,
  });
}
