/**
 * The API contracts and the typed clients generated from them, computed in memory from the running code:
 *
 * - `openapi.json`: the OpenAPI 3.1 document of the REST routes, i.e. what GET /openapi.json serves, built by
 *   @fastify/swagger from the same TypeBox schemas that validate requests;
 * - `schema.graphql`: the executable GraphQL schema mercurius serves, printed in lexicographic order;
 * - `clients/rest/schema.ts`: TypeScript types of every path (openapi-typescript), for openapi-fetch's createClient<paths>();
 * - `clients/graphql/generated.ts`: TypedDocumentNodes of the operations in clients/graphql/operations.graphql
 *   (@graphql-codegen: typescript-operations + typed-document-node).
 *
 * `npm run generate` (scripts/generate.ts) writes them; test/integration/schema-drift.test.ts recomputes them and
 * fails when a committed file differs. Nothing here depends on the time, the environment or the machine.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { codegen } from '@graphql-codegen/core';
import * as typedDocumentNodePlugin from '@graphql-codegen/typed-document-node';
import * as typescriptOperationsPlugin from '@graphql-codegen/typescript-operations';
import { parse } from 'graphql';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { pino } from 'pino';
import { loadConfig } from '../src/app/config.js';
import { buildContainer } from '../src/app/container.js';
import { buildServer } from '../src/app/server.js';

export const ROOT = new URL('../', import.meta.url);

// The schema object comes from mercurius, which loads graphql as CommonJS; vitest would load graphql's ES module build
// here, and graphql refuses a schema made by another copy of itself. Print it with the copy that made it.
const { lexicographicSortSchema, printSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** The operation documents the GraphQL client is generated for (written by hand, checked against the schema). */
const GRAPHQL_OPERATIONS = 'clients/graphql/operations.graphql';

/** Every generated file, by its path from the repository root. */
export const GENERATED_FILES = [
  'openapi.json',
  'schema.graphql',
  'clients/rest/schema.ts',
  'clients/graphql/generated.ts',
] as const;
export type GeneratedFile = (typeof GENERATED_FILES)[number];
export type Contracts = ReadonlyMap<GeneratedFile, string>;

/**
 * Routes of the server that are not part of the REST API: mercurius's GraphQL endpoint and GraphiQL assets, which
 * carry no OpenAPI schema of their own (GraphQL is described by schema.graphql). They are dropped from openapi.json;
 * the day rest-api.ts hides them from @fastify/swagger (e.g. `hideUntagged: true`), this filter finds nothing to drop.
 */
const NOT_REST = /^\/(graphql|graphiql)(\/|$)/;

/** OpenAPI's order of the operations of a path item. */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** OpenAPI's order of the fields of the document. */
const TOP_LEVEL = [
  'openapi',
  'info',
  'jsonSchemaDialect',
  'servers',
  'security',
  'tags',
  'externalDocs',
  'paths',
  'webhooks',
  'components',
];

/** Builds the server as `npm start` does, with the default configuration, and reads both schemas off it. */
async function readServedSchemas(): Promise<{ openapi: OpenAPI3; graphql: string }> {
  // Defaults only (memory repository, e-mails to the log): the contracts must not depend on who runs this.
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const app = await buildServer(buildContainer(config, pino({ level: config.service.logLevel })));
  try {
    await app.ready();
    const openapi = canonicalOpenApi(app.swagger() as unknown as OpenAPI3);
    const graphql = `${printSchema(lexicographicSortSchema(app.graphql.schema))}\n`;
    return { openapi, graphql };
  } finally {
    await app.close();
  }
}

/**
 * The document with the REST paths only, and a fixed order of paths, methods, status codes and components, so that
 * the order in which plugins register routes or schemas never shows up as a change. Schemas keep the order of their
 * properties as declared: that order is what Swagger UI and the generated types show.
 */
function canonicalOpenApi(document: OpenAPI3): OpenAPI3 {
  const paths: Record<string, unknown> = {};
  for (const path of Object.keys(document.paths ?? {}).sort()) {
    if (NOT_REST.test(path)) continue;
    const item = document.paths?.[path] as Record<string, unknown>;
    const methods = Object.keys(item).filter((key) => METHODS.includes(key));
    const ordered: Record<string, unknown> = {};
    for (const key of Object.keys(item).filter((key) => !METHODS.includes(key))) ordered[key] = item[key];
    for (const method of METHODS.filter((name) => methods.includes(name))) {
      const operation = item[method] as { responses?: Record<string, unknown> };
      ordered[method] = operation.responses ? { ...operation, responses: sortKeys(operation.responses) } : operation;
    }
    paths[path] = ordered;
  }
  const components = document.components as Record<string, Record<string, unknown>> | undefined;
  const canonical: Record<string, unknown> = { ...document, paths };
  if (components) {
    const sorted = Object.entries(components).map(([kind, entries]) => [kind, sortKeys(entries)] as const);
    canonical.components = sortKeys(Object.fromEntries(sorted));
  }
  const known = TOP_LEVEL.filter((key) => key in canonical);
  const others = Object.keys(canonical)
    .filter((key) => !TOP_LEVEL.includes(key))
    .sort();
  return Object.fromEntries([...known, ...others].map((key) => [key, canonical[key]])) as unknown as OpenAPI3;
}

function sortKeys<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** REST types for openapi-fetch. */
async function restClientTypes(openapi: OpenAPI3): Promise<string> {
  // openapi-typescript may annotate the objects it is given: hand it a copy.
  const ast = await openapiTS(structuredClone(openapi), { silent: true });
  return astToString(ast);
}

/** TypedDocumentNodes of the operations, checked against the schema (an operation the schema refuses fails here). */
async function graphqlClientCode(schemaSdl: string, operations: string): Promise<string> {
  const code = await codegen({
    filename: 'clients/graphql/generated.ts',
    schema: parse(schemaSdl),
    documents: [{ location: GRAPHQL_OPERATIONS, document: parse(operations) }],
    config: {
      // verbatimModuleSyntax: type-only imports must say so
      useTypeImports: true,
      // string unions rather than TypeScript enums, as the REST types have
      enumsAsTypes: true,
      // the DateTime scalar travels as an ISO 8601 string (src/adapters/graphql/date-time-scalar.ts)
      strictScalars: true,
      scalars: { DateTime: 'string' },
    },
    plugins: [{ 'typescript-operations': {} }, { 'typed-document-node': {} }],
    pluginMap: { 'typescript-operations': typescriptOperationsPlugin, 'typed-document-node': typedDocumentNodePlugin },
  });
  const header = `// This file was generated by \`npm run generate\` from schema.graphql and ${GRAPHQL_OPERATIONS}. Do not edit it.\n\n`;
  return `${header}${code.trimEnd()}\n`;
}

/** Every generated file, computed from the code as it is now. */
export async function generateContracts(): Promise<Contracts> {
  const { openapi, graphql } = await readServedSchemas();
  const operations = await readFile(new URL(GRAPHQL_OPERATIONS, ROOT), 'utf8');
  return new Map<GeneratedFile, string>([
    ['openapi.json', `${JSON.stringify(openapi, null, 2)}\n`],
    ['schema.graphql', graphql],
    ['clients/rest/schema.ts', await restClientTypes(openapi)],
    ['clients/graphql/generated.ts', await graphqlClientCode(graphql, operations)],
  ]);
}
