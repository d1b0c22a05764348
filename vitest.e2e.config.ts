import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// Against the built app, started once by tests/e2e/global-setup.ts (npm run build first).
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 240_000,
  },
});
