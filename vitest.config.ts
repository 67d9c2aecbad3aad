import { defineConfig } from 'vitest/config';

// Three tiers: unit tests beside the code, integration tests against a real
// server, e2e tests in real Chromium. groupOrder runs the tiers one after another, so the
// server and browser tests never compete for the CPU with each other.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // A real PostgreSQL for the tests that need one; the run fails if it cannot start.
          globalSetup: ['tests/helpers/postgresGlobalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One file at a time in one worker: several Chromiums on a small machine flake.
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
