import type { KnipConfig } from 'knip';

/**
 * `npm run knip` (a step of .ci/run): no unused file, export, dependency or devDependency. knip starts from the entry
 * files below and from what its plugins read (package.json scripts, vitest, ESLint, lint-staged, Prettier,
 * simple-git-hooks, dependency-cruiser configs), follows every import, and reports what nothing reaches.
 */
const config: KnipConfig = {
  entry: [
    // the processes: `npm start`, `npm run migrate`, `npm run outbox` run them from dist/, which knip does not map
    // back to src/, and `npm run token` from src/ through tsx (ENTRY_POINTS in .dependency-cruiser.cjs names them too)
    'src/app/{main,migrate,outbox,token}.ts',
    // `npm run bench` spawns these as child processes by path
    'bench/delivery-drain.ts',
    'bench/baselines/bare-orders*.ts',
    // the typed clients a caller imports: their exports are their API, used or not by the examples
    'clients/rest/index.ts',
    'clients/graphql/client.ts',
  ],
  project: ['{src,test,bench,scripts,clients,examples}/**/*.ts', '*.{js,ts}'],
  ignore: [
    // deliberately broken trees that prove the dependency-cruiser rules bite; nothing imports them
    'test/architecture/fixtures/**',
  ],
  ignoreIssues: {
    // written by `npm run generate` (openapi-typescript, @graphql-codegen): they export every type of the schema
    'clients/rest/schema.ts': ['exports', 'types'],
    'clients/graphql/generated.ts': ['exports', 'types'],
    // each migration's up/down reach knex through `{ ...migration }` in migration-source.ts, which knip cannot follow
    'src/adapters/postgres/migrations/*.ts': ['exports'],
  },
  // a type named in the signature of an exported function is part of that function's contract: exporting it lets a
  // caller name it. Values exported and used only in their own file are still reported.
  ignoreExportsUsedInFile: { interface: true, type: true },
  ignoreDependencies: [
    // the rule preset .secretlintrc.json names; knip has no secretlint plugin to read that file
    '@secretlint/secretlint-rule-preset-recommend',
  ],
};

export default config;
