import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One fast-check seed for the whole suite (override with FC_SEED; see test/setup.ts).
    setupFiles: ["test/setup.ts"],
    // Property tests over generated problems take longer than vitest's 5 s default; the suite as a whole
    // must stay within the quick profile's 5-minute budget (issue 3).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
