import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql as Node loads it for the server (its CommonJS build, as mercurius does): one copy, so a schema that
  // mercurius built can be validated by the service's own code, as in production.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/architecture/fixtures/**', 'node_modules/**', 'dist/**'],
    globalSetup: ['test/support/build-once.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // on with `vitest run --coverage` (`npm test`); the thresholds fail the run. Code that runs in a child process
    // (the built server of test/integration/server-process.test.ts, the outbox command) is not counted.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', ['text', { skipFull: true }], 'html', 'json-summary'],
      thresholds: {
        lines: 85,
        'src/domain/**': { lines: 95, branches: 95 },
      },
    },
  },
});
