// @ts-check
/**
 * The rules of the hexagon, checked by dependency-cruiser (`npm run arch`, and
 * test/architecture/hexagon-rules.test.ts which also proves every rule bites).
 *
 *   src/domain/model  the domain model (aggregate, value objects, events, errors):
 *                     imports only src/domain/model
 *   src/domain        the core: imports only src/domain and src/ports
 *   src/ports         the contracts: imports only src/domain and src/ports
 *   src/adapters      one folder per adapter: ports, domain, packages, node builtins,
 *                     its own folder; never another adapter, except that the input
 *                     adapters over HTTP use the HTTP platform (src/adapters/http);
 *                     never src/app
 *   src/app           the composition root: nothing outside it imports it
 *
 * No import cycle anywhere in src, and no module in src that nothing imports
 * (but for the entry points of the processes).
 *
 * Paths in the rules are relative to the directory the cruise runs from
 * (the project root, or a fixture directory in the architecture tests).
 */

/** Every way dependency-cruiser can classify a module that came from node_modules. */
const NPM_TYPES = /** @type {const} */ ([
  'npm',
  'npm-dev',
  'npm-peer',
  'npm-optional',
  'npm-bundled',
  'npm-no-pkg',
  'npm-unknown',
]);

/** Outside packages and node builtins: each gets its own, more telling rule. */
const PACKAGE_OR_BUILTIN_TYPES = /** @type {const} */ ([...NPM_TYPES, 'core']);

/**
 * The modules a process starts from (package.json scripts: `npm start`, `npm run migrate`, `npm run outbox`, `npm run token`): the
 * only modules in src that nothing imports. knip.config.ts names the same files as its entries.
 */
const ENTRY_POINTS = '^src/app/(main|migrate|outbox|token)[.]ts$';

/** The input adapters served over HTTP: they, and only they, plug into the HTTP platform (src/adapters/http). */
const HTTP_INPUT_ADAPTERS = '^src/adapters/(rest|graphql)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ----- the domain model: the heart of the core -----------------------------
    {
      name: 'model-only-model',
      severity: 'error',
      comment:
        'The domain model (src/domain/model: the aggregate, value objects, events, errors) imports only the ' +
        'domain model - never a port, never a use case. Use cases bring the model and the ports together.',
      from: { path: '^src/domain/model/' },
      to: {
        pathNot: '^src/domain/model/',
        dependencyTypesNot: [...PACKAGE_OR_BUILTIN_TYPES],
        couldNotResolve: false,
      },
    },

    // ----- domain: the pure core ----------------------------------------------
    {
      name: 'domain-no-npm-packages',
      severity: 'error',
      comment:
        'The domain is pure: it may not use npm packages (not even for types). ' +
        'Put the dependency behind a port in src/ports and implement it in an adapter.',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: [...NPM_TYPES] },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      comment:
        'The domain is pure: it may not use node builtins (node:crypto, fs, ...). ' +
        'Put the capability behind a port in src/ports and implement it in an adapter.',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-only-domain-and-ports',
      severity: 'error',
      comment:
        'The domain may import only src/domain and src/ports - never an adapter, ' +
        'the app or anything else in the repository.',
      from: { path: '^src/domain/' },
      to: {
        pathNot: '^src/(domain|ports)/',
        dependencyTypesNot: [...PACKAGE_OR_BUILTIN_TYPES],
        couldNotResolve: false,
      },
    },

    // ----- ports: the contracts of the core -----------------------------------
    {
      name: 'ports-no-npm-packages',
      severity: 'error',
      comment: 'Ports are the contracts of the core: they may not use npm packages (not even for types).',
      from: { path: '^src/ports/' },
      to: { dependencyTypes: [...NPM_TYPES] },
    },
    {
      name: 'ports-no-node-builtins',
      severity: 'error',
      comment: 'Ports are the contracts of the core: they may not use node builtins.',
      from: { path: '^src/ports/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'ports-only-domain-and-ports',
      severity: 'error',
      comment:
        'Ports may import only src/domain and src/ports - never an adapter, the app ' +
        'or anything else in the repository.',
      from: { path: '^src/ports/' },
      to: {
        pathNot: '^src/(domain|ports)/',
        dependencyTypesNot: [...PACKAGE_OR_BUILTIN_TYPES],
        couldNotResolve: false,
      },
    },

    // ----- adapters: one folder each ------------------------------------------
    {
      name: 'adapters-not-to-other-adapters',
      severity: 'error',
      comment:
        'An adapter may import files in its own folder only, never another adapter ' +
        '(nor loose files directly in src/adapters); the one exception is the HTTP platform ' +
        '(src/adapters/http), which imports no adapter itself. Share through ports/domain, ' +
        'and wire adapters together in src/app.',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/$1/', '^src/adapters/http/'] },
    },
    {
      name: 'http-platform-only-for-http-input-adapters',
      severity: 'error',
      comment:
        'The HTTP platform (src/adapters/http: request ids, problem+json, body limits, security headers, ' +
        'rate limiting) serves the input adapters over HTTP (rest, graphql: HTTP_INPUT_ADAPTERS in ' +
        '.dependency-cruiser.cjs) and nothing else: an output adapter may not import it.',
      from: { path: '^src/adapters/', pathNot: [HTTP_INPUT_ADAPTERS, '^src/adapters/http/'] },
      to: { path: '^src/adapters/http/' },
    },
    {
      name: 'adapters-not-to-app',
      severity: 'error',
      comment: 'Adapters may not import the composition root (src/app); app wires adapters, not the reverse.',
      from: { path: '^src/adapters/' },
      to: { path: '^src/app/' },
    },

    // ----- app: the composition root ------------------------------------------
    {
      name: 'only-app-imports-app',
      severity: 'error',
      comment:
        'src/app is the composition root: nothing else in src may import it ' +
        '(adapters, domain and ports never depend on how they are wired).',
      from: { path: '^src/', pathNot: '^src/app/' },
      to: { path: '^src/app/' },
    },

    // ----- hygiene --------------------------------------------------------------
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycle anywhere in src, inside the domain included: a cycle means neither module can be ' +
        'understood, tested or moved without the other. Break it by moving the shared part into a module of its own.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment:
        'A module in src that no other module imports is dead code (or an entry point missing from ENTRY_POINTS ' +
        'in .dependency-cruiser.cjs and from knip.config.ts). Delete it, or import it where it is meant to be used.',
      from: { path: '^src/' },
      module: { path: '^src/', pathNot: ENTRY_POINTS, numberOfDependentsLessThan: 1 },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This module imports something that cannot be resolved on disk: a typo, a ' +
        'missing file, or a package that is not installed.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // count `import type` and other imports that vanish when compiled
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
