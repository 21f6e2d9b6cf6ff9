import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';
import { expectProblem, listAllOrders, placeOrder, validOrder } from './api-helpers.js';

// SPEC §2: the in-memory repository refuses new orders beyond MEMORY_MAX_ORDERS, so that a flood of POSTs cannot take
// the process's memory (20 s of POSTs once made 114,000 orders and 1.5 GB RSS).
describe('the in-memory store at MEMORY_MAX_ORDERS', () => {
  let app: FastifyInstance;

  beforeEach(async () => {
    ({ app } = await buildTestApp({ env: { MEMORY_MAX_ORDERS: '2' } }));
  });

  afterEach(async () => {
    await app.close();
  });

  it('refuses the order beyond the cap with 507 STORAGE_FULL and stores nothing', async () => {
    await placeOrder(app);
    await placeOrder(app);

    const refused = await app.inject({ method: 'POST', url: '/orders', payload: validOrder() });

    expectProblem(refused, 507, 'STORAGE_FULL');
    expect(await listAllOrders(app)).toHaveLength(2);
  });

  it('refuses it over GraphQL with extensions.code STORAGE_FULL', async () => {
    await placeOrder(app);
    await placeOrder(app);

    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: {
        query:
          'mutation { placeOrder(input: {customerId: "c-1", customerEmail: "ada@example.com", items: [{sku: "A", quantity: 1, unitPrice: 100}]}) { id } }',
      },
    });

    const body = response.json<{ errors?: { extensions?: { code?: string } }[] }>();
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['STORAGE_FULL']);
    expect(await listAllOrders(app)).toHaveLength(2);
  });

  it('still changes the orders it holds when full', async () => {
    const first = await placeOrder(app);
    await placeOrder(app);

    const confirmed = await app.inject({ method: 'POST', url: `/orders/${first.id}/confirm` });

    expect(confirmed.statusCode, confirmed.body).toBe(200);
  });
});
