import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit` (the pre-push hook): the suites that need no external service and no `dist/` — the core, the
 * rules of the hexagon, and the contract suites of the in-process adapters. No globalSetup (it builds `dist/`, which
 * none of these read), no coverage; `npm test` (vitest.config.ts) still runs these with everything else.
 */
export default defineConfig({
  // graphql as Node loads it for the server (its CommonJS build, as mercurius does): one copy, so a schema that
  // mercurius built can be validated by the service's own code, as in production.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/architecture/**/*.test.ts',
      'test/contract/memory-*.contract.test.ts',
      'test/contract/clock.contract.test.ts',
      'test/contract/id-generator.contract.test.ts',
      'test/contract/retry-schedule.contract.test.ts',
    ],
    exclude: ['test/architecture/fixtures/**', 'node_modules/**', 'dist/**'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
  },
});
