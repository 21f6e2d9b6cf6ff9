import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';
import { json, type OrderPageJson } from './api-helpers.js';

/**
 * SPEC §2: RATE_LIMIT_MAX counts each root field of a GraphQL mutation as one request, so that aliases cannot turn one
 * request into fifty operations. Requests come from one client address; the orders are counted from another.
 */

const ATTACKER = '203.0.113.7';
const AUDITOR = '198.51.100.1';

interface GqlResult {
  readonly data?: Record<string, { readonly id: string } | null> | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

const apps: FastifyInstance[] = [];

afterEach(async () => {
  await Promise.allSettled(apps.splice(0).map((app) => app.close()));
});

async function appLimitedTo(max: number): Promise<FastifyInstance> {
  const { app } = await buildTestApp({ env: { RATE_LIMIT_MAX: String(max) } });
  apps.push(app);
  return app;
}

/** `count` placeOrder under aliases p0, p1, ... of one mutation, each for its own customer. */
function aliasedPlaceOrders(count: number, batch = 'b'): string {
  const fields = Array.from(
    { length: count },
    (_, index) =>
      `p${index}: placeOrder(input: {customerId: "${batch}-${index}", customerEmail: "mass@example.com",
        items: [{sku: "MASS-1", quantity: 1, unitPrice: 100}]}) { id }`,
  );
  return `mutation { ${fields.join('\n')} }`;
}

function graphql(app: FastifyInstance, query: string, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: ATTACKER,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ query }),
  });
}

/** Every order, listed from an address of its own, whose allowance the attack did not touch. */
async function ordersInStore(app: FastifyInstance): Promise<number> {
  const response = await app.inject({ method: 'GET', url: '/orders?limit=100', remoteAddress: AUDITOR });
  expect(response.statusCode, response.body).toBe(200);
  return json<OrderPageJson>(response).items.length;
}

function expectRateLimited(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body).toBe(429);
  expect(response.headers['retry-after']).toMatch(/^\d+$/);
  const type = String(response.headers['content-type']);
  if (type.startsWith('application/problem+json')) {
    // Refused on arrival, as any request over the limit, before the body was read.
    expect(json<{ code: string }>(response).code).toBe('RATE_LIMITED');
  } else {
    expect(json<GqlResult>(response).errors?.map((error) => error.extensions?.code)).toEqual(['RATE_LIMITED']);
  }
}

describe('the rate limit counts each root field of a mutation as a request (SPEC §2)', () => {
  it('places at most 5 orders for five requests of 50 aliased placeOrder with RATE_LIMIT_MAX=5', async () => {
    const app = await appLimitedTo(5);
    for (let sent = 0; sent < 5; sent += 1) {
      expectRateLimited(await graphql(app, aliasedPlaceOrders(50, `attack-${sent}`)));
    }
    expect(await ordersInStore(app)).toBeLessThanOrEqual(5);
  });

  it('holds to the limit when mutations arrive at once: each runs whole or not at all, within RATE_LIMIT_MAX', async () => {
    const app = await appLimitedTo(10);
    const sizes = [2, 3, 4, 3, 2];
    const answers = await Promise.all(
      sizes.map((size, sent) => graphql(app, aliasedPlaceOrders(size, `burst-${sent}`))),
    );
    const placed = answers.filter((answer) => answer.statusCode === 200);
    for (const refused of answers.filter((answer) => answer.statusCode !== 200)) expectRateLimited(refused);
    const orders = await ordersInStore(app);
    expect(orders).toBeLessThanOrEqual(10);
    expect(orders).toBe(
      placed.reduce((sum, answer) => sum + Object.keys(json<GqlResult>(answer).data ?? {}).length, 0),
    );
  });

  it('refuses a mutation whose root fields exceed the remaining allowance whole, with 429 RATE_LIMITED as a GraphQL error, before any of them runs', async () => {
    const app = await appLimitedTo(5);
    const first = await graphql(app, aliasedPlaceOrders(3, 'first'));
    expect(first.statusCode, first.body).toBe(200);
    expect(Object.keys(json<GqlResult>(first).data ?? {})).toHaveLength(3);
    expect(first.headers['x-ratelimit-remaining']).toBe('2');

    const second = await graphql(app, aliasedPlaceOrders(3, 'second'), {
      accept: 'application/graphql-response+json,application/json;q=0.9',
    });
    expectRateLimited(second);
    expect(second.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
    expect(json<GqlResult>(second)).not.toHaveProperty('data');
    expect(await ordersInStore(app)).toBe(3);
  });

  it('runs a mutation whose root fields use up the allowance exactly, and refuses the next request', async () => {
    const app = await appLimitedTo(5);
    const placed = await graphql(app, aliasedPlaceOrders(5));
    expect(placed.statusCode, placed.body).toBe(200);
    expect(json<GqlResult>(placed).errors).toBeUndefined();
    expectRateLimited(await graphql(app, '{ __typename }'));
    expect(await ordersInStore(app)).toBe(5);
  });

  it('counts root fields spread from fragments as those written out', async () => {
    const app = await appLimitedTo(5);
    const [, selections = ''] = /^mutation \{ ([\s\S]*) \}$/.exec(aliasedPlaceOrders(6)) ?? [];
    const response = await graphql(app, `mutation { ...Many } fragment Many on Mutation { ${selections} }`);
    expectRateLimited(response);
    expect(await ordersInStore(app)).toBe(0);
  });

  it('counts a query as one request, whatever its root fields', async () => {
    const app = await appLimitedTo(2);
    const aliased = Array.from({ length: 20 }, (_, index) => `q${index}: orders(first: 1) { nextCursor }`);
    const response = await graphql(app, `{ ${aliased.join(' ')} }`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['x-ratelimit-remaining']).toBe('1');
  });
});
