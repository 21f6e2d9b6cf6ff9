import { once } from 'node:events';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { getIntrospectionQuery } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { graphqlApi } from '../../src/adapters/graphql/graphql-api.js';
import { httpPlatform } from '../../src/adapters/http/http-platform.js';
import { HTTP_SERVER_OPTIONS } from '../../src/adapters/http/server-options.js';
import { DEFAULT_MAX_COST } from '../../src/adapters/graphql/graphql-config.js';
import { MAX_QUERY_DEPTH } from '../../src/adapters/graphql/query-depth.js';
import { MAX_ROOT_FIELDS } from '../../src/adapters/graphql/query-root-fields.js';
import { tokensRefusal } from '../../src/adapters/graphql/query-size.js';
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

describe('GraphQL amplification, as an attacker sends it: aliases, directives, tokens, cost (SPEC §5)', () => {
  let app: FastifyInstance;
  /** Operations that reached execution: a refused document adds none. */
  let executed = 0;

  const LINES = 'sku quantity unitPrice';
  const ORDER = `id customerId customerEmail status items { ${LINES} } currency total version cancellationReason createdAt updatedAt`;
  /** A page of 100 orders with every field and every line: 31,103 (query-cost.ts). */
  const LARGEST = `{ orders(first: 100) { items { ${ORDER} } nextCursor } }`;

  beforeAll(async () => {
    ({ app } = await buildTestApp({ env: { RATE_LIMIT_MAX: '0' } }));
    app.graphql.addHook('preExecution', async () => {
      executed += 1;
    });
    const lines = Array.from({ length: 100 }, (_, line) => ({ sku: `SKU-${line}`, quantity: 1, unitPrice: 1 }));
    for (let index = 0; index < 100; index += 1) {
      const placed = await app.inject({
        method: 'POST',
        url: '/orders',
        payload: validOrder({ customerId: `c-${index}`, items: lines }),
      });
      expect(placed.statusCode, placed.body).toBe(201);
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Refused as a whole with QUERY_TOO_COMPLEX, before any resolver ran. */
  async function expectRefusedUnrun(sent: Promise<LightMyRequestResponse>): Promise<readonly string[]> {
    const before = executed;
    const errors = expectRefused(await sent, 'QUERY_TOO_COMPLEX');
    expect(executed).toBe(before);
    return errors.map((error) => error.message);
  }

  it('answers the largest legitimate query: a page of 100 orders with every field and every line', async () => {
    const before = executed;
    const data = expectData(await postGraphQL(app, LARGEST));
    expect(executed).toBe(before + 1);
    const page = data.orders as { readonly items: readonly { readonly items: readonly unknown[] }[] };
    expect(page.items).toHaveLength(100);
    for (const order of page.items) expect(order.items).toHaveLength(100);
  });

  it('refuses that page with its lines selected twice (cost 61,203), before anything runs', async () => {
    const twice = LARGEST.replace(`items { ${LINES} }`, `items { ${LINES} } lines: items { ${LINES} }`);
    expect(await expectRefusedUnrun(postGraphQL(app, twice))).toEqual([
      'The query costs 61203 (GRAPHQL_MAX_COST); at most 50000 is allowed',
    ]);
  });

  it('refuses the 7.7 KB query of 200 aliased `items` inside orders(first: 100) { items { … } }, in a short answer', async () => {
    const aliases = Array.from({ length: 200 }, (_, index) => `i${index}: items { ${LINES} }`).join(' ');
    const query = `{ orders(first: 100) { items { ${aliases} } } }`;
    expect(query.length).toBeGreaterThan(7_500);
    const response = postGraphQL(app, query);
    expect(await expectRefusedUnrun(response)).toEqual([
      'The operation holds 200 aliases, fragments expanded; at most 50 are allowed',
      'The query costs 6020002 (GRAPHQL_MAX_COST); at most 50000 is allowed',
    ]);
    expect((await response).body.length).toBeLessThan(1_000);
    expectRefused(await getGraphQL(app, query), 'QUERY_TOO_COMPLEX');
  });

  it('refuses 1,240 selections of `orders { nextCursor }`, within every other limit, before graphql-js compares them', async () => {
    const query = `{ ${'orders { nextCursor } '.repeat(1_240)}}`;
    expect(tokensRefusal(query)).toBeUndefined();
    expect(await expectRefusedUnrun(postGraphQL(app, query))).toEqual([
      'The query selects the same response key so often that merging its selections compares more than 10000 pairs; select each field once',
    ]);
  });

  it('accepts a document costing exactly GRAPHQL_MAX_COST (50,000) and refuses one costing 50,001', async () => {
    // orders(first: n) { items { items { sku } } } costs 2 + 101n; orders(first: n) { items { id } } costs 2 + n.
    const full = (alias: string, first: number) => `${alias}: orders(first: ${first}) { items { items { sku } } }`;
    const atLimit = `${['a', 'b', 'c', 'd'].map((alias) => full(alias, 100)).join(' ')} ${full('e', 94)} f: orders(first: 94) { items { id } }`;
    const data = expectData(await postGraphQL(app, `{ ${atLimit} }`));
    expect(Object.keys(data)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(await expectRefusedUnrun(postGraphQL(app, `{ ${atLimit} __typename }`))).toEqual([
      'The query costs 50001 (GRAPHQL_MAX_COST); at most 50000 is allowed',
    ]);
  });

  it('takes its limit from GRAPHQL_MAX_COST: at 31103 the largest legitimate query passes, one field more does not', async () => {
    const strict = await appWith({ GRAPHQL_MAX_COST: '31103' });
    expectData(await postGraphQL(strict, LARGEST));
    const [error] = expectRefused(
      await postGraphQL(strict, LARGEST.replace('nextCursor', 'nextCursor __typename')),
      'QUERY_TOO_COMPLEX',
    );
    expect(error?.message).toBe('The query costs 31104 (GRAPHQL_MAX_COST); at most 31103 is allowed');
  });

  it('counts a `first` given by a variable as the most a page holds (100), whatever the variable says', async () => {
    const query = `query Page($first: Int) { orders(first: $first) { items { ${ORDER} lines: items { ${LINES} } } } }`;
    await expectRefusedUnrun(postGraphQL(app, query, { first: 1 }));
  });

  it('refuses 51 aliases nested inside orders, over POST and GET, and accepts 50', async () => {
    const nested = (count: number) =>
      `{ orders(first: 1) { items { ${Array.from({ length: count }, (_, index) => `a${index}: id`).join(' ')} } } }`;
    expectData(await postGraphQL(app, nested(50)));
    expect(await expectRefusedUnrun(postGraphQL(app, nested(51)))).toEqual([
      'The operation holds 51 aliases, fragments expanded; at most 50 are allowed',
    ]);
    expectRefused(await getGraphQL(app, nested(51)), 'QUERY_TOO_COMPLEX');
  });

  it('counts the aliases of a fragment for every place it is spread', async () => {
    const document = (roots: number) => `
      { ${Array.from({ length: roots }, (_, index) => `r${index}: orders(first: 1) { items { ...Ten } }`).join(' ')} }
      fragment Ten on Order { ${Array.from({ length: 10 }, (_, index) => `a${index}: id`).join(' ')} }`;
    // 4 root aliases and 4 × 10 in the fragment: 44; one more root, 55.
    expectData(await postGraphQL(app, document(4)));
    expect(await expectRefusedUnrun(postGraphQL(app, document(5)))).toEqual([
      'The operation holds 55 aliases, fragments expanded; at most 50 are allowed',
    ]);
  });

  it('refuses 21 directives, counting those on every spread of one fragment, and accepts 20', async () => {
    const spreads = (count: number) =>
      `{ orders(first: 1) { items { ${'...F @include(if: true) '.repeat(count)}} } } fragment F on Order { id }`;
    expectData(await postGraphQL(app, spreads(20)));
    expect(await expectRefusedUnrun(postGraphQL(app, spreads(21)))).toEqual([
      'The query holds 21 directives, fragments expanded; at most 20 are allowed',
    ]);
  });

  it('refuses a document of more than 5,000 tokens before reading it whole, over POST and GET', async () => {
    const long = `{ ${'__typename '.repeat(4_999)}}`;
    expect(await expectRefusedUnrun(postGraphQL(app, long))).toEqual([
      'The document holds more than 5000 tokens; at most 5000 are allowed',
    ]);
    expectRefused(await getGraphQL(app, long), 'QUERY_TOO_COMPLEX');
    // Just under the 1 MiB body limit: what one request could carry before the limits.
    const huge = `{ orders(first: 100) { items { ${'items { sku } '.repeat(70_000)}} } }`;
    expect(huge.length).toBeGreaterThan(900_000);
    expectRefused(await postGraphQL(app, huge), 'QUERY_TOO_COMPLEX');
  });
});

describe('GraphQL subscriptions over WebSocket are held to the same limits', () => {
  const aliases = (count: number) => Array.from({ length: count }, (_, index) => `a${index}: id`).join(' ');
  it.each([
    [
      '51 root fields',
      `subscription { ${Array.from({ length: 51 }, (_, index) => `u${index}: orderUpdated { id }`).join(' ')} }`,
    ],
    ['51 aliases below the root', `subscription { orderUpdated { ${aliases(51)} } }`],
    ['21 directives', `subscription { orderUpdated { ${'id @include(if: true) '.repeat(21)}} }`],
    [
      'a cost of 50,500 (500 × the lines of an order)',
      `subscription { orderUpdated { ${'items { sku } '.repeat(500)}} }`,
    ],
    ['5,001 tokens', `subscription { orderUpdated { ${'id '.repeat(4_995)}} }`],
  ])('refuses a subscription of %s with QUERY_TOO_COMPLEX', async (_name, query) => {
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
      const outcome = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query },
          { next: (value) => resolve({ next: value }), error: resolve, complete: () => resolve('complete') },
        );
      });
      // with graphql-js' own refusal of a second root field, as over HTTP
      expect(outcome).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) as unknown }),
        ]),
      );
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
    await app.register(graphqlApi, {
      useCases: failing,
      authentication: TEST_AUTHENTICATION,
      maxCost: DEFAULT_MAX_COST,
    });
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
