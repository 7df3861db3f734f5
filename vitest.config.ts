import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Two projects: `unit` (pure logic, mocks allowed at the edges) and
// `integration` (real ptys through socat, real PostgreSQL and PGlite,
// real child processes). Reports go to reports/ so .ci/run can sum them.
export default defineConfig({
  plugins: [vue()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Real ptys, databases and child processes: two cores, so keep it calm.
          fileParallelism: false,
          globalSetup: ['test/support/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
