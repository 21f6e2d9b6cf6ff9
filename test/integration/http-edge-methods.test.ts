import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';
import { expectProblem, json, validOrder, type OrderJson } from './api-helpers.js';

// SPEC §4 and RFC 9110 §15.5.6: a method the path does not serve is 405 METHOD_NOT_ALLOWED with `Allow` naming the
// methods it does serve; a path the service does not have at all stays 404 ROUTE_NOT_FOUND.
describe('a wrong method on a path the service serves', () => {
  let app: FastifyInstance;
  let order: OrderJson;

  beforeAll(async () => {
    ({ app } = await buildTestApp());
    order = json<OrderJson>(await app.inject({ method: 'POST', url: '/orders', payload: validOrder() }));
  });

  afterAll(async () => {
    await app.close();
  });

  const allowOf = (header: unknown): string[] =>
    String(header)
      .split(',')
      .map((method) => method.trim())
      .sort();

  const cases: readonly (readonly [string, string, readonly string[]])[] = [
    ['PUT', '/orders/{id}', ['DELETE', 'GET', 'HEAD']],
    ['PATCH', '/orders/{id}', ['DELETE', 'GET', 'HEAD']],
    ['DELETE', '/orders', ['GET', 'HEAD', 'POST']],
    ['PUT', '/orders', ['GET', 'HEAD', 'POST']],
    ['OPTIONS', '/orders', ['GET', 'HEAD', 'POST']],
    ['GET', '/orders/{id}/confirm', ['POST']],
    ['HEAD', '/orders/{id}/ship', ['POST']],
    ['DELETE', '/orders/{id}/cancel', ['POST']],
    ['PUT', '/graphql', ['GET', 'HEAD', 'POST']],
    ['DELETE', '/graphql', ['GET', 'HEAD', 'POST']],
    ['PATCH', '/health/live', ['GET', 'HEAD']],
    ['POST', '/health/ready', ['GET', 'HEAD']],
    ['POST', '/openapi.json', ['GET', 'HEAD']],
  ];

  it.each(cases)('answers %s %s with 405 METHOD_NOT_ALLOWED and Allow: %s', async (method, path, allowed) => {
    const url = path.replace('{id}', order.id);

    const response = await app.inject({ method: method as 'GET', url, ...(method !== 'HEAD' && { payload: {} }) });

    expect(response.statusCode).toBe(405);
    expect(allowOf(response.headers.allow)).toEqual(allowed);
    if (method !== 'HEAD') expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it('finds the path as routing does: a query string and a trailing slash change nothing', async () => {
    const response = await app.inject({ method: 'PUT', url: `/orders/${order.id}/?pretty=1` });

    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(allowOf(response.headers.allow)).toEqual(['DELETE', 'GET', 'HEAD']);
  });

  it('answers a wrong method without a token with 405 too: which methods a path serves is published', async () => {
    const response = await app.inject({ method: 'PUT', url: '/orders', headers: { authorization: '' } });

    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
  });

  it('changes nothing: DELETE /orders cancels no order', async () => {
    await app.inject({ method: 'DELETE', url: '/orders' });

    const read = json<OrderJson>(await app.inject({ method: 'GET', url: `/orders/${order.id}` }));
    expect(read.status).toBe('pending');
  });

  it.each([
    ['GET', '/nothing/here'],
    ['PUT', '/nothing/here'],
    ['PUT', '/orders/{id}/frobnicate'],
    ['GET', '/orders/{id}/confirm/again'],
  ])('answers %s %s, a path the service does not have, with 404 ROUTE_NOT_FOUND and no Allow', async (method, path) => {
    const response = await app.inject({ method: method as 'GET', url: path.replace('{id}', order.id) });

    expectProblem(response, 404, 'ROUTE_NOT_FOUND');
    expect(response.headers.allow).toBeUndefined();
  });
});
