/** React Query keys of analytics results: the server prefetch and the browser must agree. */
export const analyticsKeys = {
  query: (project: string, params: { kind: string }) => ["analytics", project, params.kind, params] as const,
};
