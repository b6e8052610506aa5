import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      // Stages and modules on their own: no site is built, files run in parallel.
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'sites',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/content/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
          // Builds the fixture and content sites once (tests/support/global-setup.ts).
          globalSetup: ['tests/support/global-setup.ts'],
          // Builds and the browser share two cores; files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
