import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../support/fixed-clock.js';
import { SequentialIds } from '../support/sequential-ids.js';
import { repositoryTargets } from '../support/repository-targets.js';
import { buildTestApp } from '../support/test-app.js';
import {
  ISO_WITH_MS,
  UNKNOWN_ID,
  UUID,
  expectNoLeak,
  expectProblem,
  expectValidationProblem,
  getOrder,
  json,
  listAllOrders,
  placeOrder,
  validOrder,
  type NewOrderBody,
  type OrderJson,
  type OrderPageJson,
} from './api-helpers.js';

const START = new Date('2026-01-01T00:00:00.000Z');
const MALFORMED_ID = 'not-a-uuid';

type Status = OrderJson['status'];
type Change = 'confirm' | 'ship' | 'deliver' | 'cancel' | 'delete';

/** The actions that bring a fresh order to each status. */
const PATH_TO: Record<Status, readonly Change[]> = {
  pending: [],
  confirmed: ['confirm'],
  shipped: ['confirm', 'ship'],
  delivered: ['confirm', 'ship', 'deliver'],
  cancelled: ['cancel'],
};

/** Which changes SPEC §3 allows from each status; everything else is an invalid transition. */
const ALLOWED: Record<Status, readonly Change[]> = {
  pending: ['confirm', 'cancel', 'delete'],
  confirmed: ['ship', 'cancel', 'delete'],
  shipped: ['deliver'],
  delivered: [],
  cancelled: [],
};

const CHANGES: readonly Change[] = ['confirm', 'ship', 'deliver', 'cancel', 'delete'];

/** A cursor of the service's format for an instant it never handed out. */
function forgedCursor(at: string): string {
  return Buffer.from(JSON.stringify([at, UNKNOWN_ID])).toString('base64url');
}

describe.each(repositoryTargets())('REST on the $name repository', (target) => {
  target.use();

  let app: FastifyInstance;
  let clock: FixedClock;

  beforeEach(async () => {
    clock = new FixedClock(START);
    ({ app } = await buildTestApp({ env: target.env(), clock, ids: new SequentialIds() }));
  });

  afterEach(async () => {
    await app.close();
  });

  /** Sends one change; cancel carries a reason (bodiless cancel has its own tests below). */
  function send(change: Change, id: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    if (change === 'delete') return app.inject({ method: 'DELETE', url: `/orders/${id}`, headers });
    if (change === 'cancel') {
      return app.inject({
        method: 'POST',
        url: `/orders/${id}/cancel`,
        headers,
        payload: { reason: 'no longer needed' },
      });
    }
    return app.inject({ method: 'POST', url: `/orders/${id}/${change}`, headers });
  }

  async function orderIn(status: Status): Promise<OrderJson> {
    let order = await placeOrder(app);
    for (const change of PATH_TO[status]) {
      const response = await send(change, order.id);
      expect(response.statusCode, response.body).toBe(200);
      order = json<OrderJson>(response);
    }
    expect(order.status).toBe(status);
    return order;
  }

  function postOrder(
    payload: NewOrderBody | string,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return app.inject({ method: 'POST', url: '/orders', payload, headers });
  }

  async function expectNoOrders(): Promise<void> {
    expect(await listAllOrders(app)).toEqual([]);
  }

  function items(count: number): { sku: string; quantity: number; unitPrice: number }[] {
    return Array.from({ length: count }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1, unitPrice: 100 }));
  }

  describe('POST /orders', () => {
    it('places an order: 201, the order of SPEC §3, Location and ETag "1"', async () => {
      const response = await postOrder(validOrder());

      expect(response.statusCode).toBe(201);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const order = json<OrderJson>(response);
      expect(order).toEqual({
        id: expect.stringMatching(UUID) as unknown,
        customerId: 'c-1',
        customerEmail: 'ada@example.com',
        items: [
          { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
          { sku: 'PEN_1.b', quantity: 1, unitPrice: 500 },
        ],
        currency: 'USD',
        total: 3000,
        status: 'pending',
        cancellationReason: null,
        version: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
      expect(order.createdAt).toMatch(ISO_WITH_MS);
      expect(response.headers.location).toBe(`/orders/${order.id}`);
      expect(response.headers.etag).toBe('"1"');
    });

    it('keeps a currency the caller names', async () => {
      const order = await placeOrder(app, { currency: 'EUR' });

      expect(order.currency).toBe('EUR');
    });

    it('stores the order it answers with: GET on the Location returns the same order', async () => {
      const response = await postOrder(validOrder());
      const location = String(response.headers.location);

      const read = await app.inject({ method: 'GET', url: location });

      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(response.json());
    });

    it('trims the customer id', async () => {
      const order = await placeOrder(app, { customerId: '  c-7  ' });

      expect(order.customerId).toBe('c-7');
    });

    it('accepts the bounds themselves: quantity 10000, 100 lines, total exactly 1000000000', async () => {
      await placeOrder(app, { items: [{ sku: 'A', quantity: 10_000, unitPrice: 100_000 }] });
      const hundred = await placeOrder(app, { items: items(100) });

      expect(hundred.items).toHaveLength(100);
      expect(hundred.total).toBe(10_000);
    });

    describe('refuses an invalid order with 400 VALIDATION_FAILED, naming each field, and creates nothing', () => {
      const { customerId: _id, ...withoutCustomerId } = validOrder();
      const { items: _items, ...withoutItems } = validOrder();
      const cases: readonly { name: string; body: NewOrderBody | string; paths: string[] }[] = [
        { name: 'an empty object', body: {}, paths: ['/customerEmail', '/items'] },
        // Staff must name the customer; a customer may leave it out (test/integration/authorization-*.test.ts).
        { name: 'a missing customerId (staff)', body: withoutCustomerId, paths: ['/customerId'] },
        { name: 'missing items', body: withoutItems, paths: ['/items'] },
        { name: 'an extra field', body: validOrder({ discount: 10 }), paths: ['/discount'] },
        {
          name: 'an extra field in a line',
          body: validOrder({ items: [{ sku: 'A', quantity: 1, unitPrice: 1, colour: 'red' }] }),
          paths: ['/items/0/colour'],
        },
        {
          name: 'a quantity sent as the string "5"',
          body: validOrder({ items: [{ sku: 'A', quantity: '5', unitPrice: 100 }] }),
          paths: ['/items/0/quantity'],
        },
        {
          name: 'a unitPrice sent as a string',
          body: validOrder({ items: [{ sku: 'A', quantity: 1, unitPrice: '100' }] }),
          paths: ['/items/0/unitPrice'],
        },
        {
          name: 'a fractional quantity',
          body: validOrder({ items: [{ sku: 'A', quantity: 1.5, unitPrice: 100 }] }),
          paths: ['/items/0/quantity'],
        },
        { name: 'a customerId that is a number', body: validOrder({ customerId: 42 }), paths: ['/customerId'] },
        { name: 'items that are not a list', body: validOrder({ items: 'A x 1' }), paths: ['/items'] },
        {
          name: 'a sku outside [A-Za-z0-9._-]',
          body: validOrder({ items: [{ sku: 'BAD SKU!', quantity: 1, unitPrice: 100 }] }),
          paths: ['/items/0/sku'],
        },
        {
          name: 'an empty sku',
          body: validOrder({ items: [{ sku: '', quantity: 1, unitPrice: 100 }] }),
          paths: ['/items/0/sku'],
        },
        {
          name: 'a sku of 65 characters',
          body: validOrder({ items: [{ sku: 'A'.repeat(65), quantity: 1, unitPrice: 100 }] }),
          paths: ['/items/0/sku'],
        },
        {
          name: 'quantity 0',
          body: validOrder({ items: [{ sku: 'A', quantity: 0, unitPrice: 100 }] }),
          paths: ['/items/0/quantity'],
        },
        {
          name: 'quantity 10001',
          body: validOrder({ items: [{ sku: 'A', quantity: 10_001, unitPrice: 100 }] }),
          paths: ['/items/0/quantity'],
        },
        {
          name: 'unitPrice -1',
          body: validOrder({ items: [{ sku: 'A', quantity: 1, unitPrice: -1 }] }),
          paths: ['/items/0/unitPrice'],
        },
        {
          name: 'unitPrice 1000000001',
          body: validOrder({ items: [{ sku: 'A', quantity: 1, unitPrice: 1_000_000_001 }] }),
          paths: ['/items/0/unitPrice'],
        },
        { name: 'no lines (items [])', body: validOrder({ items: [] }), paths: ['/items'] },
        { name: '101 lines', body: validOrder({ items: items(101) }), paths: ['/items'] },
        {
          name: 'a sku that appears twice',
          body: validOrder({
            items: [
              { sku: 'A', quantity: 1, unitPrice: 100 },
              { sku: 'A', quantity: 2, unitPrice: 100 },
            ],
          }),
          paths: ['/items/1/sku'],
        },
        {
          name: 'a total of 0',
          body: validOrder({ items: [{ sku: 'FREE', quantity: 3, unitPrice: 0 }] }),
          paths: ['/items'],
        },
        {
          name: 'a total above 1000000000',
          body: validOrder({ items: [{ sku: 'GOLD', quantity: 10_000, unitPrice: 100_001 }] }),
          paths: ['/items'],
        },
        { name: 'an empty customerId', body: validOrder({ customerId: '' }), paths: ['/customerId'] },
        { name: 'a customerId blank after trimming', body: validOrder({ customerId: '   ' }), paths: ['/customerId'] },
        {
          name: 'a customerId of 65 characters',
          body: validOrder({ customerId: 'c'.repeat(65) }),
          paths: ['/customerId'],
        },
        {
          name: 'an e-mail without @',
          body: validOrder({ customerEmail: 'ada.example.com' }),
          paths: ['/customerEmail'],
        },
        { name: 'an e-mail without a domain', body: validOrder({ customerEmail: 'ada@' }), paths: ['/customerEmail'] },
        {
          name: 'an e-mail of 255 characters',
          body: validOrder({
            customerEmail: `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(68)}.com`,
          }),
          paths: ['/customerEmail'],
        },
        { name: "currency 'usd' (lower case)", body: validOrder({ currency: 'usd' }), paths: ['/currency'] },
        { name: "currency 'XYZ' (not ISO 4217)", body: validOrder({ currency: 'XYZ' }), paths: ['/currency'] },
        { name: "currency 'US'", body: validOrder({ currency: 'US' }), paths: ['/currency'] },
        { name: 'a JSON array instead of an object', body: JSON.stringify([validOrder()]), paths: [] },
        { name: 'JSON null', body: 'null', paths: [] },
      ];

      it.each(cases)('$name', async ({ body, paths }) => {
        const response = await postOrder(body, typeof body === 'string' ? { 'content-type': 'application/json' } : {});

        expectValidationProblem(response, ...paths);
        await expectNoOrders();
      });

      it('reports every broken shape rule at once', async () => {
        const response = await postOrder(
          validOrder({ items: [{ sku: 'BAD SKU', quantity: 0, unitPrice: -1 }], currency: 'usd' }),
        );

        expectValidationProblem(response, '/items/0/sku', '/items/0/quantity', '/items/0/unitPrice', '/currency');
        await expectNoOrders();
      });

      it('reports every broken business rule at once', async () => {
        const response = await postOrder({
          customerId: '  ',
          customerEmail: 'nope',
          items: [{ sku: 'A', quantity: 1, unitPrice: 100 }],
          currency: 'XYZ',
        });

        expectValidationProblem(response, '/customerId', '/customerEmail', '/currency');
        await expectNoOrders();
      });
    });

    it('refuses malformed JSON with 400 VALIDATION_FAILED and creates nothing', async () => {
      const response = await postOrder('{"customerId": "c-1", ', { 'content-type': 'application/json' });

      expectProblem(response, 400, 'VALIDATION_FAILED');
      await expectNoOrders();
    });

    it('refuses an empty JSON body with 400 VALIDATION_FAILED and creates nothing', async () => {
      const response = await postOrder('', { 'content-type': 'application/json' });

      expectProblem(response, 400, 'VALIDATION_FAILED');
      await expectNoOrders();
    });

    it('refuses a text/plain body with 415 UNSUPPORTED_MEDIA_TYPE and creates nothing', async () => {
      const response = await postOrder(JSON.stringify(validOrder()), { 'content-type': 'text/plain' });

      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      await expectNoOrders();
    });

    it('refuses an application/xml body with 415 UNSUPPORTED_MEDIA_TYPE and creates nothing', async () => {
      const response = await postOrder('<order/>', { 'content-type': 'application/xml' });

      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      await expectNoOrders();
    });

    it('refuses a body over 1 MiB with 413 PAYLOAD_TOO_LARGE and creates nothing', async () => {
      const huge = JSON.stringify(validOrder({ customerId: 'c'.repeat(1024 * 1024) }));
      expect(huge.length).toBeGreaterThan(1024 * 1024);

      const response = await postOrder(huge, { 'content-type': 'application/json' });

      expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
      await expectNoOrders();
    });
  });

  describe('GET /orders/{id}', () => {
    it('returns the order with its ETag', async () => {
      const placed = await placeOrder(app);

      const response = await app.inject({ method: 'GET', url: `/orders/${placed.id}` });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(placed);
      expect(response.headers.etag).toBe('"1"');
    });

    it('finds the order by its id written in upper case', async () => {
      const placed = await placeOrder(app);

      const response = await app.inject({ method: 'GET', url: `/orders/${placed.id.toUpperCase()}` });

      expect(response.statusCode).toBe(200);
      expect(json<OrderJson>(response).id).toBe(placed.id);
    });

    it('answers 404 ORDER_NOT_FOUND for an unknown UUID', async () => {
      await placeOrder(app);

      const response = await app.inject({ method: 'GET', url: `/orders/${UNKNOWN_ID}` });

      const problem = expectProblem(response, 404, 'ORDER_NOT_FOUND');
      expect(problem.errors).toBeUndefined();
    });

    it('answers 400 VALIDATION_FAILED for a malformed id', async () => {
      const response = await app.inject({ method: 'GET', url: `/orders/${MALFORMED_ID}` });

      expectValidationProblem(response, '/id');
    });

    it('answers 304 without a body when If-None-Match is the current ETag', async () => {
      const placed = await placeOrder(app);

      const response = await app.inject({
        method: 'GET',
        url: `/orders/${placed.id}`,
        headers: { 'if-none-match': '"1"' },
      });

      expect(response.statusCode).toBe(304);
      expect(response.body).toBe('');
      expect(response.headers.etag).toBe('"1"');
    });

    it('answers 304 to If-None-Match: * and to a list that names the current ETag, weakly or not', async () => {
      const placed = await placeOrder(app);

      for (const header of ['*', '"7", "1"', 'W/"1"']) {
        const response = await app.inject({
          method: 'GET',
          url: `/orders/${placed.id}`,
          headers: { 'if-none-match': header },
        });
        expect(response.statusCode, header).toBe(304);
        expect(response.headers.etag).toBe('"1"');
      }
    });

    it('answers 200 when If-None-Match names an older version', async () => {
      const placed = await placeOrder(app);
      await send('confirm', placed.id);

      const response = await app.inject({
        method: 'GET',
        url: `/orders/${placed.id}`,
        headers: { 'if-none-match': '"1"' },
      });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      expect(json<OrderJson>(response).version).toBe(2);
    });
  });

  describe('GET /orders', () => {
    async function list(query: string): Promise<LightMyRequestResponse> {
      return app.inject({ method: 'GET', url: `/orders${query}` });
    }

    it('answers {items: [], nextCursor: null} when there are no orders', async () => {
      const response = await list('');

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ items: [], nextCursor: null });
    });

    it('lists orders newest first', async () => {
      const first = await placeOrder(app, { customerId: 'c-1' });
      clock.advance(1000);
      const second = await placeOrder(app, { customerId: 'c-2' });
      clock.advance(1000);
      const third = await placeOrder(app, { customerId: 'c-3' });

      const response = await list('');

      expect(response.statusCode).toBe(200);
      const page = json<OrderPageJson>(response);
      expect(page.items).toEqual([third, second, first]);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by customerId', async () => {
      const ada = await placeOrder(app, { customerId: 'ada' });
      clock.advance(1);
      await placeOrder(app, { customerId: 'bob' });
      clock.advance(1);
      const ada2 = await placeOrder(app, { customerId: 'ada' });

      const page = json<OrderPageJson>(await list('?customerId=ada'));

      expect(page.items.map((order) => order.id)).toEqual([ada2.id, ada.id]);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by status', async () => {
      const pending = await placeOrder(app);
      clock.advance(1);
      const confirmed = await orderIn('confirmed');
      clock.advance(1);
      const cancelled = await orderIn('cancelled');

      const confirmedPage = json<OrderPageJson>(await list('?status=confirmed'));
      const pendingPage = json<OrderPageJson>(await list('?status=pending'));
      const cancelledPage = json<OrderPageJson>(await list('?status=cancelled'));
      const deliveredPage = json<OrderPageJson>(await list('?status=delivered'));

      expect(confirmedPage.items.map((order) => order.id)).toEqual([confirmed.id]);
      expect(pendingPage.items.map((order) => order.id)).toEqual([pending.id]);
      expect(cancelledPage.items.map((order) => order.id)).toEqual([cancelled.id]);
      expect(deliveredPage.items).toEqual([]);
    });

    it('combines the customerId and status filters', async () => {
      const adaConfirmed = await orderIn('confirmed');
      await placeOrder(app);
      const bob = await placeOrder(app, { customerId: 'bob' });
      await send('confirm', bob.id);

      const page = json<OrderPageJson>(await list('?customerId=c-1&status=confirmed'));

      expect(page.items.map((order) => order.id)).toEqual([adaConfirmed.id]);
    });

    it('returns 20 orders by default, with a nextCursor when more exist', async () => {
      for (let n = 0; n < 21; n++) await placeOrder(app);

      const page = json<OrderPageJson>(await list(''));

      expect(page.items).toHaveLength(20);
      expect(typeof page.nextCursor).toBe('string');
    });

    it('accepts limit 1 and limit 100', async () => {
      for (let n = 0; n < 3; n++) await placeOrder(app);

      const one = await list('?limit=1');
      const hundred = await list('?limit=100');

      expect(one.statusCode).toBe(200);
      expect(json<OrderPageJson>(one).items).toHaveLength(1);
      expect(hundred.statusCode).toBe(200);
      expect(json<OrderPageJson>(hundred).items).toHaveLength(3);
    });

    it.each([
      ['limit=0', '/limit'],
      ['limit=101', '/limit'],
      ['limit=abc', '/limit'],
      ['limit=2.5', '/limit'],
      ['status=lost', '/status'],
      ['status=PENDING', '/status'],
      ['cursor=garbage!!', '/cursor'],
      ['cursor=bm90LWEtY3Vyc29y', '/cursor'],
      // Forged cursors whose instant JavaScript reads but PostgreSQL cannot hold: 400, never a 500 from the query.
      [`cursor=${forgedCursor('-271821-04-20T00:00:00.000Z')}`, '/cursor'],
      [`cursor=${forgedCursor('+275760-09-13T00:00:00.000Z')}`, '/cursor'],
      ['colour=red', '/colour'],
    ])('refuses ?%s with 400 VALIDATION_FAILED', async (query, path) => {
      await placeOrder(app);

      const response = await list(`?${query}`);

      const problem = expectValidationProblem(response);
      expect(problem.errors?.some((error) => error.path.endsWith(path))).toBe(true);
    });

    it('pages through many orders placed at the same instant: each exactly once, then nextCursor null', async () => {
      // The clock does not move, so every createdAt is equal: the cursor must break the ties itself.
      await app.close();
      ({ app } = await buildTestApp({ env: target.env(), clock: new FixedClock(START) }));
      const placed = new Set<string>();
      for (let n = 0; n < 47; n++) placed.add((await placeOrder(app, { customerId: `c-${n % 3}` })).id);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? '?limit=10' : `?limit=10&cursor=${encodeURIComponent(cursor)}`;
        const response = await list(query);
        expect(response.statusCode, response.body).toBe(200);
        const page = json<OrderPageJson>(response);
        seen.push(...page.items.map((order) => order.id));
        cursor = page.nextCursor;
        pages += 1;
        expect(page.items.length).toBe(cursor === null ? 7 : 10);
      } while (cursor !== null && pages < 20);

      expect(pages).toBe(5);
      expect(seen).toHaveLength(47);
      expect(new Set(seen)).toEqual(placed);
    });

    it('pages within a filter and keeps newest first across pages', async () => {
      const expected: string[] = [];
      for (let n = 0; n < 9; n++) {
        const order = await placeOrder(app, { customerId: n % 2 === 0 ? 'even' : 'odd' });
        if (n % 2 === 0) expected.unshift(order.id);
        clock.advance(10);
      }

      const first = json<OrderPageJson>(await list('?customerId=even&limit=2'));
      const seen = first.items.map((order) => order.id);
      let cursor = first.nextCursor;
      while (cursor !== null) {
        const page = json<OrderPageJson>(await list(`?customerId=even&limit=2&cursor=${encodeURIComponent(cursor)}`));
        seen.push(...page.items.map((order) => order.id));
        cursor = page.nextCursor;
      }

      expect(seen).toEqual(expected);
    });
  });

  describe('POST /orders/{id}/confirm, /ship, /deliver', () => {
    it('walks the lifecycle: confirmed v2, shipped v3, delivered v4, each with its ETag', async () => {
      const placed = await placeOrder(app);
      const expected: readonly [Change, Status, number][] = [
        ['confirm', 'confirmed', 2],
        ['ship', 'shipped', 3],
        ['deliver', 'delivered', 4],
      ];

      for (const [change, status, version] of expected) {
        clock.advance(60_000);
        const response = await send(change, placed.id);

        expect(response.statusCode, response.body).toBe(200);
        expect(response.headers.etag).toBe(`"${version}"`);
        const order = json<OrderJson>(response);
        expect(order).toEqual({
          ...placed,
          status,
          version,
          updatedAt: clock.now().toISOString(),
        });
        expect(await getOrder(app, placed.id)).toEqual(order);
      }
    });

    for (const status of Object.keys(PATH_TO) as Status[]) {
      for (const change of CHANGES.filter((candidate) => !ALLOWED[status].includes(candidate))) {
        const request = change === 'delete' ? 'DELETE /orders/{id}' : `POST /orders/{id}/${change}`;
        it(`refuses ${request} on a ${status} order with 409 INVALID_TRANSITION and changes nothing`, async () => {
          const before = await orderIn(status);
          clock.advance(1000);

          const response = await send(change, before.id);

          expectProblem(response, 409, 'INVALID_TRANSITION');
          expect(await getOrder(app, before.id)).toEqual(before);
        });
      }
    }

    it.each(['confirm', 'ship', 'deliver'] as const)(
      '%s accepts If-Match naming the current version',
      async (change) => {
        const before = await orderIn(change === 'confirm' ? 'pending' : change === 'ship' ? 'confirmed' : 'shipped');

        const response = await send(change, before.id, { 'if-match': `"${before.version}"` });

        expect(response.statusCode, response.body).toBe(200);
        expect(json<OrderJson>(response).version).toBe(before.version + 1);
        expect(response.headers.etag).toBe(`"${before.version + 1}"`);
      },
    );

    it('accepts If-Match: * as naming no version', async () => {
      const placed = await placeOrder(app);

      const response = await send('confirm', placed.id, { 'if-match': '*' });

      expect(response.statusCode, response.body).toBe(200);
    });

    it.each(['confirm', 'ship', 'deliver'] as const)(
      '%s refuses a stale If-Match with 412 VERSION_MISMATCH and changes nothing',
      async (change) => {
        const before = await orderIn(change === 'confirm' ? 'pending' : change === 'ship' ? 'confirmed' : 'shipped');
        const stale = `"${before.version === 1 ? 7 : before.version - 1}"`;

        const response = await send(change, before.id, { 'if-match': stale });

        expectProblem(response, 412, 'VERSION_MISMATCH');
        expect(await getOrder(app, before.id)).toEqual(before);
      },
    );

    it.each(['3', 'abc', '"x"', '"1', ''])(
      'refuses a malformed If-Match (%j) with 400 and changes nothing',
      async (ifMatch) => {
        const before = await placeOrder(app);

        const response = await send('confirm', before.id, { 'if-match': ifMatch });

        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(await getOrder(app, before.id)).toEqual(before);
      },
    );

    it('reports a malformed id and a malformed If-Match together', async () => {
      const response = await send('confirm', 'not-a-uuid', { 'if-match': 'nonsense' });

      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.json<{ errors: { path: string }[] }>().errors.map((issue) => issue.path)).toEqual([
        '/id',
        '/headers/if-match',
      ]);
    });

    it.each(['confirm', 'ship', 'deliver'] as const)(
      '%s of an unknown id answers 404 ORDER_NOT_FOUND',
      async (change) => {
        const response = await send(change, UNKNOWN_ID);

        expectProblem(response, 404, 'ORDER_NOT_FOUND');
      },
    );

    it.each(['confirm', 'ship', 'deliver'] as const)(
      '%s of a malformed id answers 400 VALIDATION_FAILED',
      async (change) => {
        const response = await send(change, MALFORMED_ID);

        expectValidationProblem(response, '/id');
      },
    );

    it('accepts a bodiless POST sent as application/json with an empty body', async () => {
      const placed = await placeOrder(app);

      const response = await app.inject({
        method: 'POST',
        url: `/orders/${placed.id}/confirm`,
        headers: { 'content-type': 'application/json' },
        payload: '',
      });

      expect(response.statusCode, response.body).toBe(200);
      expect(json<OrderJson>(response)).toMatchObject({ status: 'confirmed', version: 2 });
    });
  });

  describe('POST /orders/{id}/cancel', () => {
    function cancel(
      id: string,
      payload?: string | Record<string, unknown>,
      headers: Record<string, string> = {},
    ): Promise<LightMyRequestResponse> {
      return app.inject({
        method: 'POST',
        url: `/orders/${id}/cancel`,
        headers,
        ...(payload !== undefined && { payload }),
      });
    }

    it('cancels a pending order with the reason given', async () => {
      const placed = await placeOrder(app);
      clock.advance(5000);

      const response = await cancel(placed.id, { reason: 'changed my mind' });

      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      expect(json<OrderJson>(response)).toEqual({
        ...placed,
        status: 'cancelled',
        cancellationReason: 'changed my mind',
        version: 2,
        updatedAt: '2026-01-01T00:00:05.000Z',
      });
      expect(await getOrder(app, placed.id)).toEqual(json<OrderJson>(response));
    });

    it('cancels a confirmed order', async () => {
      const confirmed = await orderIn('confirmed');

      const response = await cancel(confirmed.id, { reason: 'out of stock' });

      expect(response.statusCode, response.body).toBe(200);
      expect(json<OrderJson>(response)).toMatchObject({
        status: 'cancelled',
        cancellationReason: 'out of stock',
        version: 3,
      });
    });

    it('cancels without a body, leaving the reason null', async () => {
      const placed = await placeOrder(app);

      const response = await cancel(placed.id);

      expect(response.statusCode, response.body).toBe(200);
      expect(json<OrderJson>(response)).toMatchObject({ status: 'cancelled', cancellationReason: null, version: 2 });
    });

    it('cancels with an empty JSON object, leaving the reason null', async () => {
      const placed = await placeOrder(app);

      const response = await cancel(placed.id, {});

      expect(response.statusCode, response.body).toBe(200);
      expect(json<OrderJson>(response)).toMatchObject({ status: 'cancelled', cancellationReason: null });
    });

    it('cancels with an empty application/json body, leaving the reason null', async () => {
      const placed = await placeOrder(app);

      const response = await cancel(placed.id, '', { 'content-type': 'application/json' });

      expect(response.statusCode, response.body).toBe(200);
      expect(json<OrderJson>(response)).toMatchObject({ status: 'cancelled', cancellationReason: null });
    });

    it('accepts a reason of exactly 500 characters', async () => {
      const placed = await placeOrder(app);

      const response = await cancel(placed.id, { reason: 'r'.repeat(500) });

      expect(response.statusCode, response.body).toBe(200);
      expect(json<OrderJson>(response).cancellationReason).toBe('r'.repeat(500));
    });

    it('refuses a reason of 501 characters with 400 VALIDATION_FAILED and changes nothing', async () => {
      const placed = await placeOrder(app);

      const response = await cancel(placed.id, { reason: 'r'.repeat(501) });

      expectValidationProblem(response, '/reason');
      expect(await getOrder(app, placed.id)).toEqual(placed);
    });

    it('refuses a reason that is not a string with 400 VALIDATION_FAILED and changes nothing', async () => {
      const placed = await placeOrder(app);

      const response = await cancel(placed.id, { reason: 42 });

      expectValidationProblem(response, '/reason');
      expect(await getOrder(app, placed.id)).toEqual(placed);
    });

    it('refuses an extra field with 400 VALIDATION_FAILED and changes nothing', async () => {
      const placed = await placeOrder(app);

      const response = await cancel(placed.id, { reason: 'late', refund: true });

      expectValidationProblem(response, '/refund');
      expect(await getOrder(app, placed.id)).toEqual(placed);
    });

    it('refuses malformed JSON with 400 VALIDATION_FAILED and changes nothing', async () => {
      const placed = await placeOrder(app);

      const response = await cancel(placed.id, '{"reason":', { 'content-type': 'application/json' });

      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(await getOrder(app, placed.id)).toEqual(placed);
    });

    it('refuses a text/plain body with 415 UNSUPPORTED_MEDIA_TYPE and changes nothing', async () => {
      const placed = await placeOrder(app);

      const response = await cancel(placed.id, 'changed my mind', { 'content-type': 'text/plain' });

      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await getOrder(app, placed.id)).toEqual(placed);
    });

    it('refuses to cancel a shipped order with 409 INVALID_TRANSITION and changes nothing', async () => {
      const shipped = await orderIn('shipped');

      const response = await cancel(shipped.id, { reason: 'too late' });

      expectProblem(response, 409, 'INVALID_TRANSITION');
      expect(await getOrder(app, shipped.id)).toEqual(shipped);
    });

    it('honours If-Match: current version 200, stale 412 VERSION_MISMATCH', async () => {
      const confirmed = await orderIn('confirmed');

      const stale = await cancel(confirmed.id, { reason: 'x' }, { 'if-match': '"1"' });
      expectProblem(stale, 412, 'VERSION_MISMATCH');
      expect(await getOrder(app, confirmed.id)).toEqual(confirmed);

      const current = await cancel(confirmed.id, { reason: 'x' }, { 'if-match': '"2"' });
      expect(current.statusCode, current.body).toBe(200);
      expect(json<OrderJson>(current).version).toBe(3);
    });

    it('answers 404 ORDER_NOT_FOUND for an unknown id', async () => {
      expectProblem(await cancel(UNKNOWN_ID, { reason: 'x' }), 404, 'ORDER_NOT_FOUND');
    });

    it('answers 400 VALIDATION_FAILED for a malformed id', async () => {
      expectValidationProblem(await cancel(MALFORMED_ID, { reason: 'x' }), '/id');
    });
  });

  describe('DELETE /orders/{id}', () => {
    it('cancels the order without a reason and answers with it', async () => {
      const placed = await placeOrder(app);

      const response = await app.inject({ method: 'DELETE', url: `/orders/${placed.id}` });

      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      expect(json<OrderJson>(response)).toEqual({
        ...placed,
        status: 'cancelled',
        cancellationReason: null,
        version: 2,
      });
    });

    it('refuses to delete an order twice with 409 INVALID_TRANSITION', async () => {
      const placed = await placeOrder(app);
      const first = await app.inject({ method: 'DELETE', url: `/orders/${placed.id}` });
      expect(first.statusCode).toBe(200);

      const second = await app.inject({ method: 'DELETE', url: `/orders/${placed.id}` });

      expectProblem(second, 409, 'INVALID_TRANSITION');
      expect(await getOrder(app, placed.id)).toEqual(json<OrderJson>(first));
    });

    it('honours If-Match: stale 412 VERSION_MISMATCH, current 200', async () => {
      const placed = await placeOrder(app);

      const stale = await send('delete', placed.id, { 'if-match': '"5"' });
      expectProblem(stale, 412, 'VERSION_MISMATCH');
      expect(await getOrder(app, placed.id)).toEqual(placed);

      const current = await send('delete', placed.id, { 'if-match': '"1"' });
      expect(current.statusCode, current.body).toBe(200);
    });

    it('answers 404 ORDER_NOT_FOUND for an unknown id and 400 VALIDATION_FAILED for a malformed one', async () => {
      expectProblem(await send('delete', UNKNOWN_ID), 404, 'ORDER_NOT_FOUND');
      expectValidationProblem(await send('delete', MALFORMED_ID), '/id');
    });
  });

  describe('health', () => {
    it('GET /health/live answers 200 {"status":"ok"}', async () => {
      const response = await app.inject({ method: 'GET', url: '/health/live' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
    });

    it('GET /health/ready answers 200 with a check for the repository and the e-mail notifier', async () => {
      const response = await app.inject({ method: 'GET', url: '/health/ready' });

      expect(response.statusCode).toBe(200);
      const body = json<{ status: string; checks: Record<string, { status: string }> }>(response);
      expect(body.status).toBe('ok');
      // The memory repository reports as `repository`; PostgreSQL as `database` (issue: /health/ready reports database).
      expect(body.checks[target.name === 'postgres' ? 'database' : 'repository']).toMatchObject({ status: 'ok' });
      expect(body.checks.email).toMatchObject({ status: expect.stringMatching(/^(ok|unavailable)$/) as unknown });
    });
  });

  describe('API documentation', () => {
    it('GET /openapi.json is an OpenAPI 3.1 document with every route', async () => {
      const response = await app.inject({ method: 'GET', url: '/openapi.json' });

      expect(response.statusCode).toBe(200);
      const document = json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(response);
      expect(document.openapi).toMatch(/^3\.1\./);
      const paths = Object.keys(document.paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/orders',
          '/orders/{id}',
          '/orders/{id}/confirm',
          '/orders/{id}/ship',
          '/orders/{id}/deliver',
          '/orders/{id}/cancel',
          '/health/live',
          '/health/ready',
        ]),
      );
      expect(Object.keys(document.paths['/orders'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(document.paths['/orders/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'delete']));
    });

    it('GET /docs serves the Swagger UI as HTML (following a redirect)', async () => {
      let response = await app.inject({ method: 'GET', url: '/docs' });
      for (let hops = 0; hops < 3 && response.statusCode >= 300 && response.statusCode < 400; hops++) {
        const location = String(response.headers.location);
        response = await app.inject({ method: 'GET', url: new URL(location, 'http://localhost/docs/').pathname });
      }

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body.toLowerCase()).toContain('<html');
      expect(response.body.toLowerCase()).toContain('swagger');
    });
  });

  describe('errors and request ids', () => {
    it('answers an unknown route with 404 problem+json ROUTE_NOT_FOUND', async () => {
      const response = await app.inject({ method: 'GET', url: '/nothing/here' });

      expectProblem(response, 404, 'ROUTE_NOT_FOUND');
    });

    it('answers a method the path does not serve (PATCH /orders) with 405 METHOD_NOT_ALLOWED and Allow', async () => {
      const response = await app.inject({ method: 'PATCH', url: '/orders', payload: {} });

      expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers.allow).toBe('GET, HEAD, POST');
      await expectNoOrders();
    });

    it('echoes a safe caller X-Request-Id on success', async () => {
      const response = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } });

      expect(response.headers['x-request-id']).toBe('abc-123');
    });

    it.each([
      ['a 201', { method: 'POST', url: '/orders', payload: validOrder() }],
      ['a 400', { method: 'POST', url: '/orders', payload: {} }],
      ['a 404', { method: 'GET', url: `/orders/${UNKNOWN_ID}` }],
      ['an unknown route', { method: 'GET', url: '/nope' }],
      [
        'a 413',
        {
          method: 'POST',
          url: '/orders',
          payload: 'x'.repeat(1024 * 1024 + 1),
          headers: { 'content-type': 'application/json' },
        },
      ],
      ['a 415', { method: 'POST', url: '/orders', payload: 'x', headers: { 'content-type': 'text/plain' } }],
      ['GraphQL', { method: 'POST', url: '/graphql', payload: { query: '{ orders { nextCursor } }' } }],
    ] as const)('echoes a safe caller X-Request-Id on %s', async (_name, request) => {
      const headers = { ...('headers' in request ? request.headers : {}), 'x-request-id': 'abc-123' };

      const response = await app.inject({ ...request, headers });

      expect(response.headers['x-request-id']).toBe('abc-123');
    });

    it('gives each request a new X-Request-Id when the caller sent none', async () => {
      const first = await app.inject({ method: 'GET', url: '/health/live' });
      const second = await app.inject({ method: 'GET', url: `/orders/${UNKNOWN_ID}` });

      expect(typeof first.headers['x-request-id']).toBe('string');
      expect(String(first.headers['x-request-id']).length).toBeGreaterThan(0);
      expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    });

    it.each([
      ['containing spaces', 'abc 123'],
      ['with a quote and a semicolon', 'a";drop'],
      ['longer than 128 characters', 'a'.repeat(129)],
    ])('replaces an unsafe caller X-Request-Id %s with a new one', async (_name, unsafe) => {
      const response = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': unsafe } });

      const given = response.headers['x-request-id'];
      expect(typeof given).toBe('string');
      expect(given).not.toBe(unsafe);
      expect(String(given)).toMatch(/^[A-Za-z0-9._:~+=/-]{1,128}$/);
    });

    it('accepts a caller X-Request-Id of exactly 128 safe characters', async () => {
      const id = 'a'.repeat(128);

      const response = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': id } });

      expect(response.headers['x-request-id']).toBe(id);
    });

    it('never shows a stack trace or an error name in an error body', async () => {
      const placed = await placeOrder(app);
      const responses = await Promise.all([
        postOrder({}),
        postOrder('{oops', { 'content-type': 'application/json' }),
        postOrder('x', { 'content-type': 'text/plain' }),
        postOrder('x'.repeat(1024 * 1024 + 1), { 'content-type': 'application/json' }),
        app.inject({ method: 'GET', url: `/orders/${MALFORMED_ID}` }),
        app.inject({ method: 'GET', url: `/orders/${UNKNOWN_ID}` }),
        app.inject({ method: 'GET', url: '/orders?limit=abc&cursor=%%%' }),
        send('ship', placed.id),
        send('confirm', placed.id, { 'if-match': '"9"' }),
        send('confirm', placed.id, { 'if-match': 'nonsense' }),
        app.inject({ method: 'GET', url: '/no/such/route' }),
      ]);

      for (const response of responses) {
        expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, response.body).toBeLessThan(500);
        expectNoLeak(response.body);
        expect(response.body).not.toContain('node_modules');
      }
    });
  });
});
