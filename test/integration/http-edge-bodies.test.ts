import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';
import { expectValidationProblem, json, validOrder, type OrderJson } from './api-helpers.js';

interface OpenApiOperation {
  readonly operationId?: string;
  readonly requestBody?: { readonly required?: boolean };
}

let app: FastifyInstance;

beforeAll(async () => {
  ({ app } = await buildTestApp());
});

afterAll(async () => {
  await app.close();
});

async function pendingOrder(): Promise<OrderJson> {
  return json<OrderJson>(await app.inject({ method: 'POST', url: '/orders', payload: validOrder() }));
}

/** The operations of the OpenAPI document the service publishes, by operationId. */
async function operations(): Promise<Map<string, OpenApiOperation>> {
  const document = json<{ paths: Record<string, Record<string, OpenApiOperation>> }>(
    await app.inject({ method: 'GET', url: '/openapi.json' }),
  );
  const all = Object.values(document.paths).flatMap((item) => Object.values(item));
  return new Map(all.map((operation) => [operation.operationId ?? '', operation]));
}

// SPEC §4: `POST /orders/{id}/cancel` takes an optional body; a client generated from the document must not be made
// to send one.
describe('the OpenAPI document of the request bodies', () => {
  it('declares the body of cancelOrder optional, as a cancel without one is valid', async () => {
    expect((await operations()).get('cancelOrder')?.requestBody?.required).toBe(false);
  });

  it('declares the body of placeOrder required, and none on confirm, ship, deliver and delete', async () => {
    const byId = await operations();

    expect(byId.get('placeOrder')?.requestBody?.required).toBe(true);
    for (const id of ['confirmOrder', 'shipOrder', 'deliverOrder', 'deleteOrder'])
      expect(byId.get(id)?.requestBody, id).toBeUndefined();
  });

  it('cancels without a body, as documented', async () => {
    const order = await pendingOrder();

    const response = await app.inject({ method: 'POST', url: `/orders/${order.id}/cancel` });

    expect(response.statusCode).toBe(200);
    expect(json<OrderJson>(response)).toMatchObject({ status: 'cancelled', cancellationReason: null });
  });
});

// The operations that declare no body refuse one rather than drop it without a word.
describe.each([
  ['POST', 'confirm'],
  ['POST', 'ship'],
  ['POST', 'deliver'],
  ['DELETE', ''],
] as const)('%s /orders/{id}/%s, which declares no body', (method, action) => {
  let order: OrderJson;
  const urlOf = (id: string) => (action === '' ? `/orders/${id}` : `/orders/${id}/${action}`);

  beforeEach(async () => {
    order = await pendingOrder();
    // ship and deliver need an order that has got that far.
    if (action === 'ship' || action === 'deliver')
      await app.inject({ method: 'POST', url: urlOf(order.id).replace(action, 'confirm') });
    if (action === 'deliver') await app.inject({ method: 'POST', url: urlOf(order.id).replace(action, 'ship') });
  });

  async function expectUnchanged(): Promise<void> {
    const before = order.version + (action === 'ship' ? 1 : action === 'deliver' ? 2 : 0);
    const read = json<OrderJson>(await app.inject({ method: 'GET', url: `/orders/${order.id}` }));
    expect(read.version).toBe(before);
  }

  it.each([
    ['a JSON object', '{"reason":"changed my mind"}'],
    ['an empty JSON object', '{}'],
    ['JSON null', 'null'],
  ])('refuses %s as a body with 400 VALIDATION_FAILED and changes nothing', async (_, payload) => {
    const response = await app.inject({
      method,
      url: urlOf(order.id),
      headers: { 'content-type': 'application/json' },
      payload,
    });

    const problem = expectValidationProblem(response, '');
    expect(problem.errors).toEqual([{ path: '', message: 'this request takes no body' }]);
    await expectUnchanged();
  });

  it.each([
    ['no body and no Content-Type', {}],
    ['an empty body sent as application/json', { headers: { 'content-type': 'application/json' }, payload: '' }],
  ])('accepts %s', async (_, request) => {
    const response = await app.inject({ method, url: urlOf(order.id), ...request });

    expect(response.statusCode, response.body).toBe(200);
  });
});
