// @ts-check
/**
 * The rules of the hexagon, checked by dependency-cruiser (`npm run arch`, and
 * test/architecture/hexagon-rules.test.ts which also proves every rule bites).
 *
 *   src/domain    the core: imports only src/domain and src/ports
 *   src/ports     the contracts: imports only src/domain and src/ports
 *   src/adapters  one folder per adapter: ports, domain, packages, node builtins,
 *                 its own folder and the HTTP platform (src/adapters/http);
 *                 never another adapter, never src/app
 *   src/app       the composition root: nothing outside it imports it
 *
 * domain <-> ports import each other by design (ports name domain types, the
 * use cases in the domain implement inbound ports and call outbound ones), so
 * that cycle is allowed; cycles are only forbidden inside adapters and app.
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

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
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
        '(nor loose files directly in src/adapters). Share through ports/domain, ' +
        'and wire adapters together in src/app. The one exception is the HTTP platform ' +
        '(src/adapters/http), which the HTTP input adapters register onto.',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/$1/', '^src/adapters/http/'] },
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
      name: 'no-circular-in-adapters-or-app',
      severity: 'error',
      comment:
        'No import cycles through adapters or the app. (domain <-> ports is a cycle ' +
        'by design, and is not checked.)',
      from: { path: '^src/(adapters|app)/' },
      to: { circular: true },
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
