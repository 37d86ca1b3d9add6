import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "core",
          sequence: { groupOrder: 0 },
          include: ["packages/core/src/**/*.test.ts", "packages/core/test/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "server",
          sequence: { groupOrder: 1 },
          include: ["packages/server/src/**/*.test.ts"],
          // Each test file opens its own database; keep the 2-core machine from thrashing.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "web",
          sequence: { groupOrder: 2 },
          include: ["packages/web/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          // the console test loads the demo region first: 70 s on an idle 2-core machine, over 300 s
          // on a busy shared one (load average 20+); a timeout there says nothing about the console
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
