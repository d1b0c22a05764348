/** React Query keys: the server prefetch and the browser must agree. */
export const analyticsKeys = {
  query: (project: string, params: { kind: string }) => ["analytics", project, params.kind, params] as const,
};

/** Keys of the REST reads (people, accounts): the path under the project and its query. */
export const restKeys = {
  get: (project: string, path: string, query: Record<string, string | string[] | undefined> = {}) =>
    ["rest", project, path, canonical(query)] as const,
};

/** The query without unset values, names sorted: equal questions share one key. */
function canonical(query: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(query)
      .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined && entry[1] !== "")
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
