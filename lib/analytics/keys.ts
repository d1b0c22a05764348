/** React Query keys of analytics results: the server prefetch and the browser must agree. */
export const analyticsKeys = {
  all: (project: string) => ["analytics", project] as const,
  query: (project: string, params: { kind: string }) => ["analytics", project, params.kind, params] as const,
};
