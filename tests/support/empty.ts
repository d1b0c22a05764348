// Stands in for "server-only" under Vitest: the tests are the server.
export {};
