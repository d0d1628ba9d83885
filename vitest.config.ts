import { defineConfig } from 'vitest/config';

// One runner, four projects: pure clinical rules (shared), the client's pure logic, server units and
// data-layer tests (SQLite and PostgreSQL), and black-box API tests against a real server process.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      // The client's pure logic (filters, chart axes, summaries): plain functions, no DOM needed.
      { test: { name: 'client', include: ['client/src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts'],
          globalSetup: ['tests/support/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
