import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repositoryTargets } from '../support/repository-targets.js';
import { buildTestApp } from '../support/test-app.js';

const body = {
  customerId: 'c-idem',
  customerEmail: 'ada@example.com',
  items: [{ sku: 'BOOK-42', quantity: 2, unitPrice: 1250 }],
};

interface OrderJson {
  id: string;
  version: number;
}

describe.each(repositoryTargets())('Idempotency-Key on the $name repository', (target) => {
  let app: FastifyInstance;
  target.use();

  beforeEach(async () => {
    ({ app } = await buildTestApp({ env: target.env() }));
  });

  afterEach(async () => {
    await app.close();
  });

  const place = (key: string | undefined, payload: object = body) =>
    app.inject({
      method: 'POST',
      url: '/orders',
      payload,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });
  const count = async () =>
    (await app.inject({ method: 'GET', url: '/orders?customerId=c-idem&limit=100' })).json<{ items: unknown[] }>().items
      .length;

  it('creates exactly one order from 20 concurrent identical requests, answering only 201 or 409', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => place('key-race')));
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
    for (const response of responses.filter((each) => each.statusCode === 409)) {
      expect(response.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE', status: 409 });
    }
    const created = new Set(
      responses.filter((each) => each.statusCode === 201).map((each) => each.json<OrderJson>().id),
    );
    expect(created.size).toBe(1);
    expect(await count()).toBe(1);
  });

  it('replays the same 201 and body to a later repeat, with Idempotent-Replayed: true, and creates nothing', async () => {
    const first = await place('key-replay');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const { id } = first.json<OrderJson>();
    // The order moves on; the replay is still the answer to the first request.
    expect((await app.inject({ method: 'POST', url: `/orders/${id}/confirm` })).statusCode).toBe(200);

    const repeat = await place('key-replay', {
      items: body.items,
      customerEmail: body.customerEmail,
      customerId: body.customerId,
    });
    expect(repeat.statusCode).toBe(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.json()).toEqual(first.json());
    expect(repeat.headers.location).toBe(first.headers.location);
    expect(repeat.headers.etag).toBe('"1"');
    expect(await count()).toBe(1);
  });

  it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED, creating nothing', async () => {
    expect((await place('key-reused')).statusCode).toBe(201);
    const other = await place('key-reused', { ...body, items: [{ sku: 'BOOK-42', quantity: 3, unitPrice: 1250 }] });
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    expect(await count()).toBe(1);
  });

  it('lets a key whose request was refused be used again', async () => {
    const refused = await place('key-invalid', { ...body, items: [] });
    expect(refused.statusCode).toBe(400);
    expect((await place('key-invalid')).statusCode).toBe(201);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['non-ASCII', 'clé'],
  ])('refuses an %s Idempotency-Key with 400 VALIDATION_FAILED', async (_name, key) => {
    const response = await place(key);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await count()).toBe(0);
  });

  it('accepts a key of 255 printable characters', async () => {
    expect((await place('~'.repeat(255))).statusCode).toBe(201);
  });

  it('gives GraphQL placeOrder(idempotencyKey:) the same guarantees', async () => {
    const mutation = `mutation ($input: PlaceOrderInput!, $key: String) {
      placeOrder(input: $input, idempotencyKey: $key) { id version }
    }`;
    const send = (input: object, key: string) =>
      app.inject({ method: 'POST', url: '/graphql', payload: { query: mutation, variables: { input, key } } });

    const first = (await send(body, 'gql-key')).json<{ data: { placeOrder: OrderJson } }>();
    const repeat = (await send(body, 'gql-key')).json<{ data: { placeOrder: OrderJson } }>();
    expect(repeat.data.placeOrder).toEqual(first.data.placeOrder);
    const reused = (await send({ ...body, customerId: 'c-other' }, 'gql-key')).json<{
      errors: { extensions: { code: string } }[];
    }>();
    expect(reused.errors[0]?.extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The same key and body over REST is the same request.
    const viaRest = await place('gql-key');
    expect(viaRest.headers['idempotent-replayed']).toBe('true');
    expect(viaRest.json<OrderJson>().id).toBe(first.data.placeOrder.id);
    expect(await count()).toBe(1);
  });
});
