import { QueryClient } from "@tanstack/react-query";

/** A fresh client for one server render: prefetch into it, then dehydrate for the browser. */
export function createServerQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { staleTime: 60_000 } } });
}
