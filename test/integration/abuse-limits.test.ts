import { once } from 'node:events';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate, type GraphQLError } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { graphqlApi } from '../../src/adapters/graphql/graphql-api.js';
import { httpPlatform } from '../../src/adapters/http/http-platform.js';
import { HTTP_SERVER_OPTIONS } from '../../src/adapters/http/server-options.js';
import {
  MAX_QUERY_DEPTH,
  MAX_ROOT_FIELDS,
  QUERY_LIMIT_RULES,
  queryLimitRefusals,
} from '../../src/adapters/graphql/query-limits.js';
import { restApi } from '../../src/adapters/rest/rest-api.js';
import type { OrderUseCases } from '../../src/ports/inbound/order-use-cases.js';
import { buildTestApp } from '../support/test-app.js';
import { bearerFor, speakFor, STAFF, TEST_AUTHENTICATION } from '../support/tokens.js';
import {
  UNKNOWN_ID,
  expectNoLeak,
  expectProblem,
  json,
  listAllOrders,
  validOrder,
  type ProblemJson,
} from './api-helpers.js';

interface GqlError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string };
}

interface GqlResult<T = Record<string, unknown>> {
  readonly data?: T | null;
  readonly errors?: readonly GqlError[];
}

const apps: FastifyInstance[] = [];

afterEach(async () => {
  await Promise.allSettled(apps.splice(0).map((app) => app.close()));
});

async function appWith(env: Readonly<Record<string, string>> = {}): Promise<FastifyInstance> {
  const { app } = await buildTestApp({ env });
  apps.push(app);
  return app;
}

async function postGraphQL(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
}

async function getGraphQL(app: FastifyInstance, query: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(query)}` });
}

function gqlResult(response: LightMyRequestResponse): GqlResult {
  expect(response.statusCode, response.body).toBeLessThan(500);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return json<GqlResult>(response);
}

function expectData(response: LightMyRequestResponse): Record<string, unknown> {
  const result = gqlResult(response);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  expect(result.data).toBeTruthy();
  return result.data ?? {};
}

/** A refusal of the whole document: data null, and every error carries `code`. */
function expectRefused(response: LightMyRequestResponse, code: string): readonly GqlError[] {
  const result = gqlResult(response);
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.length, response.body).toBeGreaterThan(0);
  for (const error of result.errors ?? []) expect(error.extensions?.code, response.body).toBe(code);
  return result.errors ?? [];
}

/**
 * `__type(name: "Order") { fields { type { ofType { ... name } } } }` nested to exactly `depth` levels:
 * __type, fields and type are three, each ofType one more, name the last.
 */
function typeChain(depth: number): string {
  const ofTypes = depth - 4;
  return `__type(name: "Order") { fields { type { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } } }`;
}

function aliasedOrders(count: number, from = 1): string {
  return Array.from({ length: count }, (_, index) => `a${from + index}: orders(first: 1) { nextCursor }`).join('\n');
}

describe('rate limiting per client address (SPEC §2, §4)', () => {
  it('answers the sixth request in a minute from one address with 429 RATE_LIMITED, Retry-After and x-ratelimit-*', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '5' });
    for (let sent = 1; sent <= 5; sent += 1) {
      const response = await app.inject({ method: 'GET', url: '/orders' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBe('5');
      expect(response.headers['x-ratelimit-remaining']).toBe(String(5 - sent));
    }

    const refused = await app.inject({ method: 'GET', url: '/orders' });
    const problem = expectProblem(refused, 429, 'RATE_LIMITED');
    expect(problem.type).toBe('urn:hexagonal-orders:problem:rate-limited');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['x-ratelimit-limit']).toBe('5');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.headers['x-request-id']).toBeTruthy();
  });

  it('refuses without running the request: a POST over the limit places no order', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '2' });
    for (let sent = 0; sent < 2; sent += 1) {
      expect((await app.inject({ method: 'GET', url: '/orders' })).statusCode).toBe(200);
    }
    expectProblem(await app.inject({ method: 'POST', url: '/orders', payload: validOrder() }), 429, 'RATE_LIMITED');
    const listed = await app.inject({ method: 'GET', url: '/orders?limit=100', remoteAddress: '10.9.9.9' });
    expect(json<{ items: readonly unknown[] }>(listed).items).toHaveLength(0);
  });

  it('counts each client address on its own', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '5' });
    for (let sent = 0; sent < 5; sent += 1)
      await app.inject({ method: 'GET', url: '/orders', remoteAddress: '10.0.0.1' });
    expectProblem(await app.inject({ method: 'GET', url: '/orders', remoteAddress: '10.0.0.1' }), 429, 'RATE_LIMITED');

    for (let sent = 1; sent <= 5; sent += 1) {
      const other = await app.inject({ method: 'GET', url: '/orders', remoteAddress: '10.0.0.2' });
      expect(other.statusCode, other.body).toBe(200);
      expect(other.headers['x-ratelimit-remaining']).toBe(String(5 - sent));
    }
    expectProblem(await app.inject({ method: 'GET', url: '/orders', remoteAddress: '10.0.0.2' }), 429, 'RATE_LIMITED');
  });

  it('never throttles health probes or the metrics scrape, and they use none of the budget', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '5' });
    for (let round = 0; round < 10; round += 1) {
      for (const url of ['/health/live', '/health/ready', '/metrics']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
        expect(response.headers['x-ratelimit-limit']).toBeUndefined();
      }
    }
    for (let sent = 0; sent < 5; sent += 1)
      expect((await app.inject({ method: 'GET', url: '/orders' })).statusCode).toBe(200);
    expectProblem(await app.inject({ method: 'GET', url: '/orders' }), 429, 'RATE_LIMITED');

    for (const url of ['/health/live', '/health/ready', '/metrics']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });

  it('shares one budget across REST, GraphQL over POST and GET, the docs and unknown routes', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '5' });
    expect((await app.inject({ method: 'GET', url: '/orders' })).statusCode).toBe(200);
    expectData(await postGraphQL(app, '{ orders { nextCursor } }'));
    expectData(await getGraphQL(app, '{ orders { nextCursor } }'));
    expect((await app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
    expectProblem(await app.inject({ method: 'GET', url: '/no-such-route' }), 404, 'ROUTE_NOT_FOUND');

    for (const response of [
      await postGraphQL(app, '{ orders { nextCursor } }'),
      await getGraphQL(app, '{ orders { nextCursor } }'),
      await app.inject({ method: 'GET', url: '/graphiql' }),
      await app.inject({ method: 'GET', url: '/docs' }),
      await app.inject({ method: 'GET', url: '/no-such-route' }),
      await app.inject({ method: 'GET', url: `/orders/${UNKNOWN_ID}` }),
    ]) {
      expectProblem(response, 429, 'RATE_LIMITED');
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
    }
  });

  it('refuses a GraphQL WebSocket upgrade over the limit with the same 429 problem', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '1' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const url = `ws://127.0.0.1:${port}/graphql`;

    const first = new WebSocket(url, 'graphql-transport-ws');
    await new Promise<void>((resolve, reject) => {
      first.once('open', resolve);
      first.once('error', reject);
    });
    const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
    first.close();
    await closed;

    const second = new WebSocket(url, 'graphql-transport-ws');
    second.on('error', () => undefined);
    const refusal = await new Promise<{ response: IncomingMessage; body: string }>((resolve, reject) => {
      second.once('open', () => reject(new Error('the upgrade over the limit was accepted')));
      second.once('unexpected-response', (_request: ClientRequest, response: IncomingMessage) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ response, body }));
      });
    });
    expect(refusal.response.statusCode).toBe(429);
    expect(refusal.response.headers['retry-after']).toMatch(/^\d+$/);
    expect(refusal.response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refusal.body)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // The server closes the refused connection itself; left open, it would also hold up shutdown.
    if (!refusal.response.socket.closed) await once(refusal.response.socket, 'close');
  });

  it('never refuses anything with RATE_LIMIT_MAX=0, even 200 requests from one address', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '0' });
    const statuses = new Set<number>();
    for (let sent = 0; sent < 200; sent += 1) {
      const response =
        sent % 2 === 0
          ? await app.inject({ method: 'GET', url: '/orders' })
          : await postGraphQL(app, '{ orders { nextCursor } }');
      statuses.add(response.statusCode);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
    expect([...statuses]).toEqual([200]);
  });
});

describe('GraphQL abuse limits (SPEC §5)', () => {
  it(`accepts a document ${MAX_QUERY_DEPTH} levels deep`, async () => {
    const app = await appWith();
    const data = expectData(await postGraphQL(app, `{ orders { nextCursor } ${typeChain(8)} }`));
    expect(data.__type).toMatchObject({ fields: expect.any(Array) as unknown });
  });

  it('refuses a document 9 levels deep with QUERY_TOO_COMPLEX and data null', async () => {
    const app = await appWith();
    const [error] = expectRefused(
      await postGraphQL(app, `{ orders { nextCursor } ${typeChain(9)} }`),
      'QUERY_TOO_COMPLEX',
    );
    expect(error?.message).toMatch(/9 levels deep; at most 8/);
  });

  it('measures depth through fragments, spread and inline, which add no level of their own', async () => {
    const app = await appWith();
    const document = (ofTypes: string) => `
      query Deep { orders { nextCursor } ...Schema }
      fragment Schema on Query { __type(name: "Order") { ...Fields } }
      fragment Fields on __Type { fields { ... on __Field { type { ${ofTypes} } } } }
    `;
    // __type 1, fields 2, type 3, four ofType 4..7, name 8
    expectData(await postGraphQL(app, document('ofType { ofType { ofType { ofType { name } } } }')));
    expectRefused(
      await postGraphQL(app, document('ofType { ofType { ofType { ofType { ofType { name } } } } }')),
      'QUERY_TOO_COMPLEX',
    );
  });

  it('refuses a deep query sent with GET as it does over POST', async () => {
    const app = await appWith();
    expectData(await getGraphQL(app, `{ orders { nextCursor } ${typeChain(8)} }`));
    expectRefused(await getGraphQL(app, `{ orders { nextCursor } ${typeChain(9)} }`), 'QUERY_TOO_COMPLEX');
  });

  it('answers the standard introspection query GraphiQL sends, 15 levels deep', async () => {
    const app = await appWith();
    for (const query of [
      getIntrospectionQuery(),
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        inputValueDeprecation: true,
      }),
    ]) {
      const data = expectData(await postGraphQL(app, query));
      const schema = data.__schema as { readonly types: readonly { readonly name: string }[] };
      expect(schema.types.map((type) => type.name)).toEqual(expect.arrayContaining(['Order', 'OrderPage', 'Query']));
    }
    expectData(await getGraphQL(app, getIntrospectionQuery()));
  });

  it('lets an introspection-only document nest deeper than 8 levels', async () => {
    const app = await appWith();
    const data = expectData(await postGraphQL(app, `{ ${typeChain(12)} }`));
    expect(data.__type).toBeTruthy();
  });

  it(`accepts ${MAX_ROOT_FIELDS} root fields, aliases each counted`, async () => {
    const app = await appWith();
    const data = expectData(await postGraphQL(app, `{ ${aliasedOrders(50)} }`));
    expect(Object.keys(data)).toHaveLength(50);
  });

  it('refuses 51 aliased root fields with QUERY_TOO_COMPLEX, over POST and GET', async () => {
    const app = await appWith();
    const [error] = expectRefused(await postGraphQL(app, `{ ${aliasedOrders(51)} }`), 'QUERY_TOO_COMPLEX');
    expect(error?.message).toMatch(/51 root fields; at most 50/);
    expectRefused(await getGraphQL(app, `{ ${aliasedOrders(51)} }`), 'QUERY_TOO_COMPLEX');
  });

  it('refuses 51 aliased mutations without running any of them', async () => {
    const app = await appWith();
    const mutations = Array.from(
      { length: 51 },
      (_, index) => `p${index}: placeOrder(input: {customerId: "c-${index}", customerEmail: "a@example.com",
        items: [{sku: "A", quantity: 1, unitPrice: 1}]}) { id }`,
    ).join('\n');
    expectRefused(await postGraphQL(app, `mutation { ${mutations} }`), 'QUERY_TOO_COMPLEX');
    expect(await listAllOrders(app)).toHaveLength(0);
  });

  it('counts the fields of fragments spread at the root, named and inline', async () => {
    const app = await appWith();
    const document = (last: number) => `
      query Many { ...First ... on Query { ${aliasedOrders(last - 40, 41)} } }
      fragment First on Query { ${aliasedOrders(20)} ...Second }
      fragment Second on Query { ${aliasedOrders(20, 21)} }
    `;
    expect(Object.keys(expectData(await postGraphQL(app, document(50))))).toHaveLength(50);
    expectRefused(await postGraphQL(app, document(51)), 'QUERY_TOO_COMPLEX');
  });

  it('still refuses first: 101 with VALIDATION_FAILED', async () => {
    const app = await appWith();
    const result = gqlResult(await postGraphQL(app, '{ orders(first: 101) { nextCursor } }'));
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['VALIDATION_FAILED']);
  });
});

describe('GraphQL abuse limits on a recursive schema (the rules themselves)', () => {
  const schema = buildSchema(`
    type Query { node: Node, ping: Int }
    type Node { id: ID, child: Node }
  `);

  /** `{ node { child { ... id } } }` with exactly `depth` levels. */
  function nodes(depth: number): string {
    const children = depth - 2;
    return `{ node { ${'child { '.repeat(children)}id${' }'.repeat(children)} } }`;
  }

  function refusals(document: string, rules = [...specifiedRules, ...QUERY_LIMIT_RULES]): readonly GraphQLError[] {
    return validate(schema, parse(document), rules);
  }

  it('counts a root field as depth 1 and each nested selection as one more', () => {
    expect(refusals(nodes(3))).toEqual([]);
    expect(refusals(nodes(MAX_QUERY_DEPTH))).toEqual([]);
    const [error, ...others] = refusals(nodes(MAX_QUERY_DEPTH + 1));
    expect(others).toEqual([]);
    expect(error?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(error?.message).toBe('The query is 9 levels deep; at most 8 are allowed');
  });

  it('measures each operation of a document on its own', () => {
    const document = `query Shallow ${nodes(8)} query Deep ${nodes(10)}`;
    expect(refusals(document).map((error) => error.message)).toEqual([
      'The query Deep is 10 levels deep; at most 8 are allowed',
    ]);
  });

  it('measures fragments spread many times over once each, however many paths reach them', () => {
    // Each fragment spreads the next twice: 2^30 paths, 32 levels.
    const fragments = Array.from(
      { length: 30 },
      (_, index) => `fragment F${index} on Node { a: child { ...F${index + 1} } b: child { ...F${index + 1} } }`,
    ).join('\n');
    const document = `{ node { ...F0 } } ${fragments} fragment F30 on Node { id }`;
    expect(refusals(document, [...QUERY_LIMIT_RULES]).map((error) => error.message)).toEqual([
      'The query is 32 levels deep; at most 8 are allowed',
    ]);
  });

  it('ends on a fragment cycle, which the specified rules refuse', () => {
    const document = `{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }`;
    expect(refusals(document, [...QUERY_LIMIT_RULES])).toEqual([]);
    expect(refusals(document).map((error) => error.extensions.code)).not.toContain('QUERY_TOO_COMPLEX');
    expect(refusals(document).length).toBeGreaterThan(0);
  });

  it('counts distinct response keys at the root: a field selected twice under one name is resolved once', () => {
    const repeated = Array.from({ length: 60 }, () => 'ping').join(' ');
    expect(refusals(`{ ${repeated} }`)).toEqual([]);
    const aliased = Array.from({ length: 51 }, (_, index) => `p${index}: ping`).join(' ');
    expect(refusals(`{ ${aliased} }`).map((error) => error.message)).toEqual([
      'The query selects 51 root fields; at most 50 are allowed (each alias counts)',
    ]);
  });

  it('refuses the same documents, with the same messages, when checked without a schema', () => {
    const aliased = Array.from({ length: 51 }, (_, index) => `p${index}: ping`).join(' ');
    for (const document of [
      nodes(8),
      nodes(9),
      `{ ${aliased} }`,
      `query Wide { ${aliased} } query Deep ${nodes(12)}`,
      `{ ...Root } fragment Root on Query { ${aliased} node { ...Deep } } fragment Deep on Node { child { child { child { child { child { child { child { id } } } } } } } }`,
      getIntrospectionQuery(),
    ]) {
      const viaValidation = refusals(document, [...QUERY_LIMIT_RULES]).map((error) => error.message);
      expect(queryLimitRefusals(parse(document)).map((error) => error.message)).toEqual(viaValidation);
    }
  });

  it('holds introspection to the root-field limit, though not to the depth limit', () => {
    expect(refusals(getIntrospectionQuery())).toEqual([]);
    const many = Array.from({ length: 51 }, (_, index) => `t${index}: __type(name: "Node") { name }`).join(' ');
    expect(refusals(`{ ${many} }`).map((error) => error.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });
});

describe('GraphQL subscriptions over WebSocket are held to the same limits', () => {
  it('refuses a subscription selecting 51 root fields with QUERY_TOO_COMPLEX', async () => {
    const app = await appWith();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: await bearerFor(STAFF) },
    });
    try {
      const fields = Array.from({ length: 51 }, (_, index) => `u${index}: orderUpdated { id }`).join(' ');
      const outcome = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: `subscription { ${fields} }` },
          { next: (value) => resolve({ next: value }), error: resolve, complete: () => resolve('complete') },
        );
      });
      expect(outcome).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) as unknown }),
      ]);
    } finally {
      await client.dispose();
    }
  });
});

/** What a broken database might say; none of it may reach a client. */
const LEAK = 'SELECT * FROM orders WHERE id = $1 at /work/main/src/adapters/postgres/x.ts:10';

function expectNothingLeaked(response: LightMyRequestResponse): void {
  for (const secret of ['SELECT', 'FROM orders', '$1', '/work/main', 'x.ts', 'postgres']) {
    expect(response.body, response.body).not.toContain(secret);
  }
  expectNoLeak(response.body);
}

describe('no stack, SQL or path in any error body', () => {
  const fail = async (): Promise<never> => {
    throw new Error(LEAK);
  };
  const failing: OrderUseCases = {
    placeOrder: { execute: fail },
    getOrder: { execute: fail },
    listOrders: { execute: fail },
    confirmOrder: { execute: fail },
    shipOrder: { execute: fail },
    deliverOrder: { execute: fail },
    cancelOrder: { execute: fail },
    checkReadiness: { execute: fail },
  };

  /** The two input adapters over use cases that throw, as a crashed database driver would make them. */
  async function adaptersOverFailingCore(
    options: { readonly failBeforeExecution?: boolean } = {},
  ): Promise<FastifyInstance> {
    const app = Fastify({ ...HTTP_SERVER_OPTIONS, logger: false });
    apps.push(app);
    await app.register(httpPlatform, { rateLimitMax: 0, authentication: TEST_AUTHENTICATION });
    await app.register(restApi, { useCases: failing });
    await app.register(graphqlApi, { useCases: failing, authentication: TEST_AUTHENTICATION });
    if (options.failBeforeExecution) {
      app.graphql.addHook('preExecution', async () => {
        throw new Error(LEAK);
      });
    }
    await app.ready();
    speakFor(app, await bearerFor(STAFF));
    return app;
  }

  it.each([
    ['GET /orders/{id}', { method: 'GET', url: `/orders/${UNKNOWN_ID}` }],
    ['GET /orders', { method: 'GET', url: '/orders' }],
    ['POST /orders', { method: 'POST', url: '/orders', payload: validOrder() }],
    ['POST /orders/{id}/confirm', { method: 'POST', url: `/orders/${UNKNOWN_ID}/confirm` }],
    ['DELETE /orders/{id}', { method: 'DELETE', url: `/orders/${UNKNOWN_ID}` }],
    ['GET /health/ready', { method: 'GET', url: '/health/ready' }],
  ] as const)('REST %s answers a generic 500 INTERNAL problem', async (_name, request) => {
    const app = await adaptersOverFailingCore();
    const response = await app.inject(request);
    const problem: ProblemJson = expectProblem(response, 500, 'INTERNAL');
    expect(problem.detail).toBe('Something went wrong on our side; the request id in X-Request-Id helps us find it');
    expectNothingLeaked(response);
  });

  it.each([
    ['a nullable query field', `{ order(id: "${UNKNOWN_ID}") { id } }`, 'order'],
    ['a list query', '{ orders { nextCursor } }', 'orders'],
    [
      'a mutation',
      'mutation { placeOrder(input: {customerId: "c", customerEmail: "a@example.com", items: [{sku: "A", quantity: 1, unitPrice: 1}]}) { id } }',
      'placeOrder',
    ],
    ['a change', `mutation { confirmOrder(id: "${UNKNOWN_ID}") { id } }`, 'confirmOrder'],
  ])('GraphQL answers %s that fails with "Internal error", code INTERNAL', async (_name, query, field) => {
    const app = await adaptersOverFailingCore();
    const response = await postGraphQL(app, query);
    const result = gqlResult(response);
    expect(result.errors).toEqual([
      {
        message: 'Internal error',
        path: [field],
        locations: expect.any(Array) as unknown,
        extensions: { code: 'INTERNAL' },
      },
    ]);
    expectNothingLeaked(response);
  });

  it('GraphQL answers a failure before execution with INTERNAL, not as a refused document', async () => {
    const app = await adaptersOverFailingCore({ failBeforeExecution: true });
    for (const response of [
      await postGraphQL(app, '{ orders { nextCursor } }'),
      await getGraphQL(app, '{ orders { nextCursor } }'),
    ]) {
      const result = gqlResult(response);
      expect(result.data ?? null).toBeNull();
      expect(result.errors).toEqual([{ message: 'Internal error', extensions: { code: 'INTERNAL' } }]);
      expectNothingLeaked(response);
    }
  });

  it('GraphQL still explains a refused document: syntax and validation errors keep their message', async () => {
    const app = await adaptersOverFailingCore({ failBeforeExecution: true });
    const [syntax] = expectRefused(await postGraphQL(app, '{ orders { '), 'VALIDATION_FAILED');
    expect(syntax?.message).toMatch(/^Syntax Error/);
    const [unknown] = expectRefused(await postGraphQL(app, '{ customers { id } }'), 'VALIDATION_FAILED');
    expect(unknown?.message).toContain('customers');
    const [viaGet] = expectRefused(
      await getGraphQL(app, 'mutation { confirmOrder(id: "x") { id } }'),
      'METHOD_NOT_ALLOWED',
    );
    expect(viaGet?.message).toMatch(/GET/);
  });
});
