"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { restKeys } from "@/lib/analytics/keys";
import { readAnswer } from "./use-analytics-query";

type Query = Record<string, string | string[] | undefined>;

/** The URL of a REST read under the project: `persons/ada%2F1/events?limit=50`. */
export function restUrl(project: string, path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : value === undefined || value === "" ? [] : [value];
    for (const v of values) search.append(name, v);
  }
  const qs = search.toString();
  return `/api/v1/projects/${encodeURIComponent(project)}/${path}${qs ? `?${qs}` : ""}`;
}

/** GET from the browser; errors keep the API's message and code. */
export async function fetchRest<T>(project: string, path: string, query: Query = {}): Promise<T> {
  return readAnswer<T>(await fetch(restUrl(project, path, query)));
}

/** One REST read, keyed like the server prefetch. */
export function useRest<T>(project: string, path: string, query: Query = {}) {
  return useQuery({
    queryKey: restKeys.get(project, path, query),
    queryFn: () => fetchRest<T>(project, path, query),
    placeholderData: keepPreviousData,
  });
}

/** A keyset-paginated REST list (`nextCursor`), page after page. */
export function useRestPages<T extends { nextCursor: string | null }>(
  project: string,
  path: string,
  query: Query = {},
) {
  return useInfiniteQuery({
    queryKey: restKeys.get(project, path, query),
    queryFn: ({ pageParam }) => fetchRest<T>(project, path, { ...query, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** A change under the project (POST, PATCH, DELETE with a JSON body); errors keep the API's message. */
export async function sendRest<T>(project: string, method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown) {
  const response = await fetch(restUrl(project, path), {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null as T;
  return readAnswer<T>(response);
}
