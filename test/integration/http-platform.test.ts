import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { graphqlApi } from '../../src/adapters/graphql/graphql-api.js';
import { DEFAULT_MAX_COST } from '../../src/adapters/graphql/graphql-config.js';
import { BODY_LIMIT } from '../../src/adapters/http/body-limit.js';
import { httpPlatform } from '../../src/adapters/http/http-platform.js';
import { PLATFORM_PROBLEMS } from '../../src/adapters/http/problem-from-framework.js';
import { HTTP_SERVER_OPTIONS } from '../../src/adapters/http/server-options.js';
import { restApi } from '../../src/adapters/rest/rest-api.js';
import type { OrderUseCases } from '../../src/ports/inbound/order-use-cases.js';
import { bearerFor, speakFor, STAFF, TEST_AUTHENTICATION } from '../support/tokens.js';
import { expectProblem, validOrder } from './api-helpers.js';

// No request of this file reaches a use case: each is answered by the platform or by GraphQL's __typename.
const useCases = {} as OrderUseCases;

type Order = 'REST, then GraphQL' | 'GraphQL, then REST';
const ORDERS: readonly Order[] = ['REST, then GraphQL', 'GraphQL, then REST'];

const apps: FastifyInstance[] = [];

afterEach(async () => {
  await Promise.allSettled(apps.splice(0).map((app) => app.close()));
});

/** The platform, then the two input adapters in the given order, as a composition root would assemble them. */
async function serverWith(order: Order, rateLimitMax = 100, token = true): Promise<FastifyInstance> {
  const app = Fastify({ ...HTTP_SERVER_OPTIONS, logger: false });
  apps.push(app);
  await app.register(httpPlatform, { rateLimitMax, authentication: TEST_AUTHENTICATION });
  if (order === 'REST, then GraphQL') {
    await app.register(restApi, { useCases });
    await app.register(graphqlApi, { useCases, authentication: TEST_AUTHENTICATION, maxCost: DEFAULT_MAX_COST });
  } else {
    await app.register(graphqlApi, { useCases, authentication: TEST_AUTHENTICATION, maxCost: DEFAULT_MAX_COST });
    await app.register(restApi, { useCases });
  }
  await app.ready();
  if (token) speakFor(app, await bearerFor(STAFF));
  return app;
}

const TYPENAME = `/graphql?query=${encodeURIComponent('{ __typename }')}`;
const oversized = JSON.stringify({ ...validOrder(), padding: 'x'.repeat(BODY_LIMIT) });

describe.each(ORDERS)('the HTTP platform with %s registered', (order) => {
  it('answers an unknown route with a 404 ROUTE_NOT_FOUND problem, a request id and the security headers', async () => {
    const app = await serverWith(order);
    const response = await app.inject({ method: 'GET', url: '/no-such-route' });
    expectProblem(response, 404, 'ROUTE_NOT_FOUND');
    expect(response.headers['x-request-id']).toBeTruthy();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it("echoes the caller's X-Request-Id on REST and on GraphQL", async () => {
    const app = await serverWith(order);
    const headers = { 'x-request-id': 'trace-42' };
    const rest = await app.inject({ method: 'GET', url: '/health/live', headers });
    const graphql = await app.inject({ method: 'GET', url: TYPENAME, headers });
    expect([rest.statusCode, graphql.statusCode]).toEqual([200, 200]);
    expect([rest.headers['x-request-id'], graphql.headers['x-request-id']]).toEqual(['trace-42', 'trace-42']);
  });

  it('puts the API policy on /graphql and each page its own policy (Swagger UI, GraphiQL)', async () => {
    const app = await serverWith(order);
    const graphql = await app.inject({ method: 'GET', url: TYPENAME });
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    const graphiql = await app.inject({ method: 'GET', url: '/graphiql' });
    expect(graphql.headers['content-security-policy']).toBe(
      "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
    expect(graphiql.headers['content-security-policy']).toContain("script-src 'self';");
    for (const response of [graphql, docs, graphiql]) expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE on POST /orders and on POST /graphql', async () => {
    const app = await serverWith(order);
    const post = (url: string) =>
      app.inject({ method: 'POST', url, payload: oversized, headers: { 'content-type': 'application/json' } });
    const rest = await post('/orders');
    const graphql = await post('/graphql');
    expectProblem(rest, 413, 'PAYLOAD_TOO_LARGE');
    // The same refusal on /graphql, as a GraphQL error (GraphQL over HTTP).
    expect(graphql.statusCode).toBe(413);
    expect(graphql.json()).toEqual({
      errors: [{ message: PLATFORM_PROBLEMS.tooLarge.detail, extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
    for (const response of [rest, graphql]) expect(response.headers['x-request-id']).toBeTruthy();
  });

  it('refuses /orders and /graphql without a token, 401 UNAUTHENTICATED with a Bearer challenge, before any use case', async () => {
    const app = await serverWith(order, 100, false);
    const rest = await app.inject({ method: 'POST', url: '/orders', payload: validOrder() });
    const problem = expectProblem(rest, 401, 'UNAUTHENTICATED');
    expect(problem.detail).toMatch(/bearer token/i);
    const graphql = await app.inject({ method: 'GET', url: TYPENAME });
    expect(graphql.statusCode).toBe(401);
    expect(graphql.json()).toEqual({
      errors: [
        { message: 'Send a bearer token: Authorization: Bearer <JWT>', extensions: { code: 'UNAUTHENTICATED' } },
      ],
    });
    for (const response of [rest, graphql]) {
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(response.headers['x-request-id']).toBeTruthy();
    }
  });

  it('serves the probes, the API documents and the pages without a token', async () => {
    const app = await serverWith(order, 100, false);
    for (const url of ['/health/live', '/openapi.json', '/docs/', '/graphiql', '/graphiql/graphiql.min.js']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
    }
  });

  it('rate-limits /graphql like every route: over the limit, 429 RATE_LIMITED with Retry-After', async () => {
    const app = await serverWith(order, 2);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await app.inject({ method: 'GET', url: TYPENAME })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await app.inject({ method: 'GET', url: TYPENAME });
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(refused.headers['retry-after']).toBeTruthy();
  });

  it('never throttles a route that declares itself exempt (the liveness probe)', async () => {
    const app = await serverWith(order, 2);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await app.inject({ method: 'GET', url: '/health/live' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('reads application/graphql on /graphql only: REST still refuses it with 415', async () => {
    const app = await serverWith(order);
    const headers = { 'content-type': 'application/graphql' };
    const graphql = await app.inject({ method: 'POST', url: '/graphql', payload: '{ __typename }', headers });
    expect(graphql.json()).toEqual({ data: { __typename: 'Query' } });
    expectProblem(
      await app.inject({ method: 'POST', url: '/orders', payload: '{ __typename }', headers }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });
});

it('publishes the same OpenAPI document whichever adapter is registered first', async () => {
  const [first, second] = await Promise.all(ORDERS.map(async (order) => serverWith(order)));
  const documents = await Promise.all(
    [first, second].map(async (app) => (await app?.inject({ method: 'GET', url: '/openapi.json' }))?.json<unknown>()),
  );
  expect(documents[0]).toBeTruthy();
  expect(documents[0]).toEqual(documents[1]);
});
