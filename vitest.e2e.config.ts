import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// Against the built app, started once by tests/e2e/global-setup.ts (npm run build first).
export default defineConfig({
  resolve: base.resolve,
  test: {
    // E2E_API_ONLY (the Citus run): the HTTP API files only; the pages are the same on every server.
    include: process.env.E2E_API_ONLY ? ["tests/e2e/{api,ingest,restart,stored}.test.ts"] : ["tests/e2e/**/*.test.ts"],
    // Restarting the database under the app needs a server of our own, and reading what it stored
    // (or a second app process on it) a database the app does not hold alone: the PostgreSQL run only.
    exclude: [
      ...(process.env.E2E_PG_RESTART ? [] : ["tests/e2e/restart.test.ts"]),
      ...(process.env.E2E_DATABASE_URL ? [] : ["tests/e2e/stored.test.ts", "tests/e2e/app-kill.test.ts"]),
      // `npm run dev` runs on its own embedded database: once is enough (the PGlite run).
      ...(process.env.E2E_DATABASE_URL ? ["tests/e2e/dev-server.test.ts"] : []),
    ],
    globalSetup: ["tests/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 240_000,
  },
});
