import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The rules of the hexagon live in .dependency-cruiser.cjs (also run by `npm run arch`).
 * This test runs them over src, and over small fixture trees that each break one rule,
 * so a rule that silently stops matching (a typo in a path, a lost option) fails here.
 */

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const configFile = fileURLToPath(new URL('../../.dependency-cruiser.cjs', import.meta.url));
const tsConfigFile = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
const fixturesRoot = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Cruising parses every file with the TypeScript compiler; give it room on a slow CI machine. */
const CRUISE_TIMEOUT_MS = 60_000;

let baseOptions: ICruiseOptions;
let parsedTsConfig: ReturnType<typeof extractTSConfig>;

beforeAll(async () => {
  baseOptions = await extractDepcruiseOptions(configFile);
  parsedTsConfig = extractTSConfig(tsConfigFile);
});

/** Cruises `<baseDir>/src` with the project's rules, the way `depcruise src --config ...` does. */
async function cruiseSrc(baseDir: string): Promise<ICruiseResult> {
  const { output } = await cruise(
    ['src'],
    {
      ...baseOptions,
      baseDir,
      // absolute, so neither the cwd of the test run nor baseDir changes which file is read
      tsConfig: { fileName: tsConfigFile },
    },
    {},
    { tsConfig: parsedTsConfig },
  );
  if (typeof output === 'string') {
    throw new TypeError(`expected a cruise result object, got reporter output:\n${output}`);
  }
  return output;
}

function describeViolations(violations: readonly IViolation[]): string {
  if (violations.length === 0) return '(none)';
  return violations
    .map((violation) => `  ${violation.rule.severity} ${violation.rule.name}: ${violation.from} -> ${violation.to}`)
    .join('\n');
}

function ruleNames(violations: readonly IViolation[]): string[] {
  return [...new Set(violations.map((violation) => violation.rule.name))].sort();
}

describe('the hexagon rules (.dependency-cruiser.cjs)', () => {
  it(
    'hold for src',
    async () => {
      const result = await cruiseSrc(projectRoot);
      const { violations } = result.summary;

      expect(violations, `dependency-cruiser found violations in src:\n${describeViolations(violations)}`).toEqual([]);

      // an empty or mis-rooted cruise must not pass as "no violations"
      const ownModules = result.modules.filter((module) => module.source.startsWith('src/'));
      expect(ownModules.length, 'number of modules under src/ that were cruised').toBeGreaterThan(10);
      for (const layer of ['src/domain/', 'src/ports/', 'src/adapters/']) {
        expect(
          ownModules.some((module) => module.source.startsWith(layer)),
          `no module under ${layer} was cruised`,
        ).toBe(true);
      }
    },
    CRUISE_TIMEOUT_MS,
  );

  it(
    'pass a clean fixture that uses everything the rules allow',
    async () => {
      // the model importing the model, a use case importing the model and ports, ports importing the model, an
      // adapter using node:crypto, a (type-only) package and its own folder, the REST adapter using the HTTP
      // platform, two entry points (main, migrate) that nothing imports, the app importing adapters, domain and ports
      const result = await cruiseSrc(`${fixturesRoot}clean`);
      const { violations } = result.summary;

      expect(violations, `the clean fixture should have no violations:\n${describeViolations(violations)}`).toEqual([]);
      expect(result.modules.filter((module) => module.source.startsWith('src/')).length).toBe(11);
    },
    CRUISE_TIMEOUT_MS,
  );

  interface BrokenFixture {
    /** Directory under test/architecture/fixtures. */
    readonly fixture: string;
    /** The module with the forbidden import, relative to the fixture directory. */
    readonly from: string;
    /** Every rule that must report it (and no other rule may fire). */
    readonly rules: readonly string[];
    /** The forbidden import is `import type`, so it only exists before compilation. */
    readonly typeOnly?: boolean;
  }

  const brokenFixtures: readonly BrokenFixture[] = [
    {
      fixture: 'model-imports-port',
      from: 'src/domain/model/order.ts',
      rules: ['model-only-model'],
      typeOnly: true,
    },
    {
      fixture: 'model-imports-use-case',
      from: 'src/domain/model/order-lines.ts',
      rules: ['model-only-model'],
    },
    {
      fixture: 'domain-imports-package',
      from: 'src/domain/order.ts',
      rules: ['domain-no-npm-packages'],
      typeOnly: true,
    },
    { fixture: 'domain-imports-builtin', from: 'src/domain/order-id.ts', rules: ['domain-no-node-builtins'] },
    {
      fixture: 'domain-imports-adapter',
      from: 'src/domain/place-order.ts',
      rules: ['domain-only-domain-and-ports'],
    },
    {
      fixture: 'domain-imports-app',
      from: 'src/domain/order.ts',
      rules: ['domain-only-domain-and-ports', 'only-app-imports-app'],
    },
    {
      fixture: 'ports-imports-package',
      from: 'src/ports/logger.ts',
      rules: ['ports-no-npm-packages'],
      typeOnly: true,
    },
    {
      fixture: 'ports-imports-builtin',
      from: 'src/ports/order-stream.ts',
      rules: ['ports-no-node-builtins'],
      typeOnly: true,
    },
    {
      fixture: 'ports-imports-adapter',
      from: 'src/ports/order-repository.ts',
      rules: ['ports-only-domain-and-ports'],
      typeOnly: true,
    },
    {
      fixture: 'adapter-imports-other-adapter',
      from: 'src/adapters/rest/routes.ts',
      rules: ['adapters-not-to-other-adapters'],
    },
    {
      fixture: 'graphql-imports-rest',
      from: 'src/adapters/graphql/order-resolvers.ts',
      rules: ['adapters-not-to-other-adapters'],
    },
    {
      fixture: 'http-platform-imports-adapter',
      from: 'src/adapters/http/error-handler.ts',
      rules: ['adapters-not-to-other-adapters'],
    },
    {
      fixture: 'output-adapter-imports-http-platform',
      from: 'src/adapters/email/email-notifier.ts',
      rules: ['http-platform-only-for-http-input-adapters'],
    },
    {
      fixture: 'adapter-imports-app',
      from: 'src/adapters/rest/routes.ts',
      rules: ['adapters-not-to-app', 'only-app-imports-app'],
    },
    {
      fixture: 'adapter-cycle',
      // a cycle is reported once from each module on it
      from: 'src/adapters/kafka/',
      rules: ['no-circular'],
    },
    {
      fixture: 'domain-cycle',
      from: 'src/domain/model/',
      rules: ['no-circular'],
    },
    {
      // domain <-> ports: a port naming a type of the use case that implements it
      fixture: 'domain-ports-cycle',
      from: 'src/',
      rules: ['no-circular'],
    },
    {
      // it imports the domain, so dependency-cruiser's own `orphan` (no import either way) would miss it
      fixture: 'orphan',
      from: 'src/adapters/memory/order-cache.ts',
      rules: ['no-orphans'],
    },
    {
      fixture: 'unresolvable',
      from: 'src/adapters/email/email-notifier.ts',
      rules: ['not-to-unresolvable'],
    },
  ];

  it.each(brokenFixtures.map((broken) => ({ ...broken, expected: broken.rules.join(' + ') })))(
    'report $expected for the fixture $fixture',
    async ({ fixture, from, rules, typeOnly }) => {
      const fixtureDir = `${fixturesRoot}${fixture}`;
      expect(existsSync(`${fixtureDir}/src`), `fixture ${fixture} is missing`).toBe(true);

      const result = await cruiseSrc(fixtureDir);
      const { violations } = result.summary;
      const report = `violations in fixture ${fixture}:\n${describeViolations(violations)}`;

      expect(ruleNames(violations), report).toEqual([...rules].sort());
      for (const violation of violations) {
        expect(violation.rule.severity, report).toBe('error');
        expect(violation.from.startsWith(from), report).toBe(true);
      }

      if (typeOnly === true) {
        // only counted because of tsPreCompilationDeps: after compilation the import is gone
        const offending = result.modules
          .find((module) => module.source === from)
          ?.dependencies.filter((dependency) => dependency.rules?.some((rule) => rules.includes(rule.name)));
        expect(offending?.length, report).toBeGreaterThan(0);
        for (const dependency of offending ?? []) {
          expect(dependency.dependencyTypes, report).toContain('type-only');
        }
      }
    },
    CRUISE_TIMEOUT_MS,
  );
});
