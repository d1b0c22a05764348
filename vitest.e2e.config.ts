import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

// Against the built app, started once by tests/e2e/global-setup.ts (npm run build first).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["tests/e2e/**/*.test.ts"],
      exclude: ["node_modules/**"],
      globalSetup: ["tests/e2e/global-setup.ts"],
      fileParallelism: false,
      testTimeout: 90_000,
    },
  }),
);
