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
  json,
  placeOrder as placeOrderViaRest,
  type OrderJson,
} from './api-helpers.js';

const START = new Date('2026-01-01T00:00:00.000Z');

/** graphql-js names its parse failures "Syntax Error: ..." by design; anything else that reads like an error leaks. */
function expectNoGraphQLLeak(body: string): void {
  expectNoLeak(body.replace(/"Syntax Error: /g, '"'));
}

interface GqlOrder {
  readonly id: string;
  readonly customerId: string;
  readonly customerEmail: string;
  readonly status: 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';
  readonly items: readonly { readonly sku: string; readonly quantity: number; readonly unitPrice: number }[];
  readonly currency: string;
  readonly total: number;
  readonly version: number;
  readonly cancellationReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface GqlError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: {
    readonly code?: string;
    readonly errors?: readonly { readonly path: string; readonly message: string }[];
  };
}

interface GqlResult<T> {
  readonly data?: T | null;
  readonly errors?: readonly GqlError[];
}

const ORDER_FIELDS = `
  id customerId customerEmail status
  items { sku quantity unitPrice }
  currency total version cancellationReason createdAt updatedAt
`;

const PLACE = `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) { ${ORDER_FIELDS} }
  }
`;
const ORDER = `query One($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const ORDERS = `
  query Many($customerId: String, $status: OrderStatus, $first: Int, $after: String) {
    orders(customerId: $customerId, status: $status, first: $first, after: $after) {
      items { id customerId status createdAt }
      nextCursor
    }
  }
`;
const CHANGE = {
  confirm: `mutation($id: ID!, $v: Int) { confirmOrder(id: $id, expectedVersion: $v) { ${ORDER_FIELDS} } }`,
  ship: `mutation($id: ID!, $v: Int) { shipOrder(id: $id, expectedVersion: $v) { ${ORDER_FIELDS} } }`,
  deliver: `mutation($id: ID!, $v: Int) { deliverOrder(id: $id, expectedVersion: $v) { ${ORDER_FIELDS} } }`,
  cancel: `mutation($id: ID!, $v: Int, $reason: String) {
    cancelOrder(id: $id, expectedVersion: $v, reason: $reason) { ${ORDER_FIELDS} }
  }`,
} as const;
type Action = keyof typeof CHANGE;
const FIELD: Record<Action, string> = {
  confirm: 'confirmOrder',
  ship: 'shipOrder',
  deliver: 'deliverOrder',
  cancel: 'cancelOrder',
};

interface OrderInput {
  customerId: string;
  customerEmail: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
  currency?: string;
}

function input(overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    customerId: 'c-1',
    customerEmail: 'ada@example.com',
    items: [
      { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
      { sku: 'PEN-1', quantity: 1, unitPrice: 500 },
    ],
    ...overrides,
  };
}

describe.each(repositoryTargets())('GraphQL on the $name repository', (target) => {
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

  async function post(query: string, variables: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
    return app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  }

  async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
    const response = await post(query, variables);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expectNoGraphQLLeak(response.body);
    return json<GqlResult<T>>(response);
  }

  /** Runs a document that must succeed and returns its data. */
  async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await gql<T>(query, variables);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(result.data).toBeTruthy();
    return result.data as T;
  }

  /** Runs a document that must fail and returns its one error, asserting its extensions.code. */
  async function failure(code: string, query: string, variables: Record<string, unknown> = {}): Promise<GqlError> {
    const result = await gql<unknown>(query, variables);
    expect(result.errors, JSON.stringify(result)).toBeDefined();
    const errors = result.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((error) => error.extensions?.code)).toEqual(errors.map(() => code));
    const [first] = errors;
    if (!first) throw new Error('no error');
    expect(first.message.length).toBeGreaterThan(0);
    return first;
  }

  async function place(overrides: Partial<OrderInput> = {}): Promise<GqlOrder> {
    return (await data<{ placeOrder: GqlOrder }>(PLACE, { input: input(overrides) })).placeOrder;
  }

  async function read(id: string): Promise<GqlOrder | null> {
    return (await data<{ order: GqlOrder | null }>(ORDER, { id })).order;
  }

  async function change(action: Action, id: string, variables: Record<string, unknown> = {}): Promise<GqlOrder> {
    const result = await data<Record<string, GqlOrder>>(CHANGE[action], { id, ...variables });
    const order = result[FIELD[action]];
    if (!order) throw new Error(`no ${FIELD[action]} in the answer`);
    return order;
  }

  describe('placeOrder', () => {
    it('places an order: PENDING, version 1, total computed, currency USD by default, DateTime strings', async () => {
      const order = await place();

      expect(order).toEqual({
        id: expect.stringMatching(UUID) as unknown,
        customerId: 'c-1',
        customerEmail: 'ada@example.com',
        status: 'PENDING',
        items: [
          { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
          { sku: 'PEN-1', quantity: 1, unitPrice: 500 },
        ],
        currency: 'USD',
        total: 3000,
        version: 1,
        cancellationReason: null,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
      expect(order.createdAt).toMatch(ISO_WITH_MS);
      expect(order.updatedAt).toMatch(ISO_WITH_MS);
    });

    it('keeps the currency the caller names', async () => {
      const order = await place({ currency: 'JPY' });

      expect(order.currency).toBe('JPY');
      expect(order.status).toBe('PENDING');
    });

    it('accepts the input written inline in the document', async () => {
      const result = await data<{ placeOrder: GqlOrder }>(`
        mutation {
          placeOrder(input: { customerId: "c-9", customerEmail: "bo@example.org", currency: "EUR",
                              items: [{ sku: "X", quantity: 3, unitPrice: 10 }] }) { ${ORDER_FIELDS} }
        }
      `);

      expect(result.placeOrder).toMatchObject({ customerId: 'c-9', currency: 'EUR', total: 30, status: 'PENDING' });
    });

    it.each([
      ['quantity 0', input({ items: [{ sku: 'A', quantity: 0, unitPrice: 1 }] }), '/input/items/0/quantity'],
      ['quantity 10001', input({ items: [{ sku: 'A', quantity: 10_001, unitPrice: 1 }] }), '/input/items/0/quantity'],
      ['unitPrice -1', input({ items: [{ sku: 'A', quantity: 1, unitPrice: -1 }] }), '/input/items/0/unitPrice'],
      ['a bad sku', input({ items: [{ sku: 'no spaces', quantity: 1, unitPrice: 1 }] }), '/input/items/0/sku'],
      [
        'a duplicate sku',
        input({
          items: [
            { sku: 'A', quantity: 1, unitPrice: 1 },
            { sku: 'A', quantity: 2, unitPrice: 1 },
          ],
        }),
        '/input/items/1/sku',
      ],
      ['no items', input({ items: [] }), '/input/items'],
      ['a total of 0', input({ items: [{ sku: 'A', quantity: 1, unitPrice: 0 }] }), '/input/items'],
      ['a bad e-mail', input({ customerEmail: 'not-an-email' }), '/input/customerEmail'],
      ['a blank customerId', input({ customerId: '   ' }), '/input/customerId'],
      ["currency 'usd'", input({ currency: 'usd' }), '/input/currency'],
      ["currency 'XYZ'", input({ currency: 'XYZ' }), '/input/currency'],
    ])('refuses %s with VALIDATION_FAILED naming the path, and creates nothing', async (_name, bad, path) => {
      const error = await failure('VALIDATION_FAILED', PLACE, { input: bad });

      expect(error.path).toEqual(['placeOrder']);
      expect(error.extensions?.errors?.map((issue) => issue.path)).toContain(path);
      const listed = await data<{ orders: { items: unknown[] } }>(ORDERS, { first: 100 });
      expect(listed.orders.items).toEqual([]);
    });
  });

  describe('order', () => {
    it('returns the order placed', async () => {
      const placed = await place();

      expect(await read(placed.id)).toEqual(placed);
    });

    it('returns null, with no errors, for an unknown id', async () => {
      await place();

      const result = await gql<{ order: GqlOrder | null }>(ORDER, { id: UNKNOWN_ID });

      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ order: null });
    });

    it('refuses a malformed id with VALIDATION_FAILED', async () => {
      const error = await failure('VALIDATION_FAILED', ORDER, { id: 'not-a-uuid' });

      expect(error.path).toEqual(['order']);
      expect(error.extensions?.errors?.map((issue) => issue.path)).toContain('/id');
    });

    it('answers a query sent with GET /graphql?query=', async () => {
      const placed = await place();
      const query = `{ order(id: "${placed.id}") { id status total version } }`;

      const response = await app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(query)}` });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        data: { order: { id: placed.id, status: 'PENDING', total: 3000, version: 1 } },
      });
    });

    it('answers a query with variables sent with GET', async () => {
      const placed = await place();
      const url = `/graphql?query=${encodeURIComponent(ORDER)}&variables=${encodeURIComponent(JSON.stringify({ id: placed.id }))}`;

      const response = await app.inject({ method: 'GET', url });

      expect(response.statusCode).toBe(200);
      expect(json<GqlResult<{ order: GqlOrder }>>(response).data?.order).toEqual(placed);
    });
  });

  describe('orders', () => {
    interface Page {
      orders: {
        items: { id: string; customerId: string; status: string; createdAt: string }[];
        nextCursor: string | null;
      };
    }

    it('lists newest first, and is empty with nextCursor null when there is nothing', async () => {
      expect((await data<Page>(ORDERS)).orders).toEqual({ items: [], nextCursor: null });

      const first = await place();
      clock.advance(1000);
      const second = await place();

      const page = (await data<Page>(ORDERS)).orders;
      expect(page.items.map((order) => order.id)).toEqual([second.id, first.id]);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by customerId and status: CONFIRMED', async () => {
      const adaPending = await place({ customerId: 'ada' });
      clock.advance(1);
      const adaConfirmed = await place({ customerId: 'ada' });
      await change('confirm', adaConfirmed.id);
      clock.advance(1);
      const bobConfirmed = await place({ customerId: 'bob' });
      await change('confirm', bobConfirmed.id);

      const ada = (await data<Page>(ORDERS, { customerId: 'ada' })).orders.items.map((order) => order.id);
      const confirmed = (await data<Page>(ORDERS, { status: 'CONFIRMED' })).orders.items;
      const adaAndConfirmed = (await data<Page>(ORDERS, { customerId: 'ada', status: 'CONFIRMED' })).orders.items;

      expect(ada).toEqual([adaConfirmed.id, adaPending.id]);
      expect(confirmed.map((order) => order.id)).toEqual([bobConfirmed.id, adaConfirmed.id]);
      expect(confirmed.every((order) => order.status === 'CONFIRMED')).toBe(true);
      expect(adaAndConfirmed.map((order) => order.id)).toEqual([adaConfirmed.id]);
    });

    it('refuses a forged cursor whose instant no store can hold with VALIDATION_FAILED at /after', async () => {
      await place();
      for (const at of ['-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z']) {
        const after = Buffer.from(JSON.stringify([at, '00000000-0000-4000-8000-000000000001'])).toString('base64url');
        const error = await failure('VALIDATION_FAILED', ORDERS, { after });
        expect(JSON.stringify(error)).toContain('/after');
      }
    });

    it('accepts the status filter written inline as an enum', async () => {
      const placed = await place();
      await change('confirm', placed.id);

      const result = await data<Page>('{ orders(status: CONFIRMED, first: 5) { items { id status } nextCursor } }');

      expect(result.orders.items).toEqual([{ id: placed.id, status: 'CONFIRMED' }]);
    });

    it('pages with first and after: every order exactly once, newest first, nextCursor null at the end', async () => {
      const placed: string[] = [];
      for (let n = 0; n < 11; n++) {
        placed.unshift((await place({ customerId: `c-${n % 2}` })).id);
      }

      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: Page['orders'] = (await data<Page>(ORDERS, { first: 4, ...(after !== null && { after }) })).orders;
        seen.push(...page.items.map((order) => order.id));
        after = page.nextCursor;
        pages += 1;
      } while (after !== null && pages < 10);

      expect(pages).toBe(3);
      expect(seen).toEqual(placed);
    });

    it('pages within a filter', async () => {
      const expected: string[] = [];
      for (let n = 0; n < 7; n++) {
        const order = await place({ customerId: n % 2 === 0 ? 'even' : 'odd' });
        if (n % 2 === 0) expected.unshift(order.id);
        clock.advance(5);
      }

      const first = (await data<Page>(ORDERS, { customerId: 'even', first: 3 })).orders;
      expect(first.nextCursor).not.toBeNull();
      const second = (await data<Page>(ORDERS, { customerId: 'even', first: 3, after: first.nextCursor })).orders;

      expect([...first.items, ...second.items].map((order) => order.id)).toEqual(expected);
      expect(second.nextCursor).toBeNull();
    });

    it('returns 20 by default', async () => {
      for (let n = 0; n < 21; n++) await place();

      const page = (await data<Page>(ORDERS)).orders;

      expect(page.items).toHaveLength(20);
      expect(page.nextCursor).not.toBeNull();
    });

    it.each([
      ['first: 101', { first: 101 }, '/first'],
      ['first: 0', { first: 0 }, '/first'],
      ['first: -1', { first: -1 }, '/first'],
      ['a garbage after', { after: 'garbage!!' }, '/after'],
      ['an after that is base64 of nonsense', { after: 'bm90LWEtY3Vyc29y' }, '/after'],
    ])('refuses %s with VALIDATION_FAILED', async (_name, variables, path) => {
      const error = await failure('VALIDATION_FAILED', ORDERS, variables);

      expect(error.extensions?.errors?.map((issue) => issue.path)).toContain(path);
    });

    it('refuses first: 101 written inline with VALIDATION_FAILED', async () => {
      await failure('VALIDATION_FAILED', '{ orders(first: 101) { nextCursor } }');
    });
  });

  describe('the order lifecycle', () => {
    it('confirms, ships and delivers, the version rising by one each time', async () => {
      const placed = await place();

      clock.advance(1000);
      const confirmed = await change('confirm', placed.id);
      clock.advance(1000);
      const shipped = await change('ship', placed.id);
      clock.advance(1000);
      const delivered = await change('deliver', placed.id);

      expect([confirmed, shipped, delivered].map((order) => [order.status, order.version])).toEqual([
        ['CONFIRMED', 2],
        ['SHIPPED', 3],
        ['DELIVERED', 4],
      ]);
      expect(delivered).toEqual({ ...placed, status: 'DELIVERED', version: 4, updatedAt: '2026-01-01T00:00:03.000Z' });
      expect(await read(placed.id)).toEqual(delivered);
    });

    it('cancels with a reason', async () => {
      const placed = await place();

      const cancelled = await change('cancel', placed.id, { reason: 'found it cheaper' });

      expect(cancelled).toEqual({ ...placed, status: 'CANCELLED', version: 2, cancellationReason: 'found it cheaper' });
      expect(await read(placed.id)).toEqual(cancelled);
    });

    it('cancels a confirmed order without a reason', async () => {
      const placed = await place();
      await change('confirm', placed.id);

      const cancelled = await change('cancel', placed.id);

      expect(cancelled).toMatchObject({ status: 'CANCELLED', version: 3, cancellationReason: null });
    });

    it('accepts expectedVersion naming the current version', async () => {
      const placed = await place();

      const confirmed = await change('confirm', placed.id, { v: 1 });
      const shipped = await change('ship', placed.id, { v: 2 });

      expect(confirmed.version).toBe(2);
      expect(shipped.version).toBe(3);
    });

    it('refuses a cancellation reason over 500 characters with VALIDATION_FAILED and changes nothing', async () => {
      const placed = await place();

      const error = await failure('VALIDATION_FAILED', CHANGE.cancel, { id: placed.id, reason: 'r'.repeat(501) });

      expect(error.extensions?.errors?.map((issue) => issue.path)).toContain('/reason');
      expect(await read(placed.id)).toEqual(placed);
    });

    const refused: readonly [string, readonly Action[], Action][] = [
      ['ship a pending order', [], 'ship'],
      ['deliver a pending order', [], 'deliver'],
      ['confirm a confirmed order', ['confirm'], 'confirm'],
      ['deliver a confirmed order', ['confirm'], 'deliver'],
      ['cancel a shipped order', ['confirm', 'ship'], 'cancel'],
      ['ship a delivered order', ['confirm', 'ship', 'deliver'], 'ship'],
      ['cancel a delivered order', ['confirm', 'ship', 'deliver'], 'cancel'],
      ['confirm a cancelled order', ['cancel'], 'confirm'],
      ['cancel a cancelled order', ['cancel'], 'cancel'],
    ];
    it.each(refused)('refuses to %s with INVALID_TRANSITION and changes nothing', async (_name, before, action) => {
      const placed = await place();
      for (const step of before) await change(step, placed.id);
      const current = await read(placed.id);
      clock.advance(1000);

      const error = await failure('INVALID_TRANSITION', CHANGE[action], { id: placed.id });

      expect(error.path).toEqual([FIELD[action]]);
      expect(await read(placed.id)).toEqual(current);
    });

    it.each(['confirm', 'ship', 'deliver', 'cancel'] as const)(
      'refuses %s with a stale expectedVersion with VERSION_MISMATCH and changes nothing',
      async (action) => {
        const placed = await place();
        const before = action === 'ship' ? ['confirm'] : action === 'deliver' ? ['confirm', 'ship'] : [];
        for (const step of before) await change(step as Action, placed.id);
        const current = await read(placed.id);
        if (!current) throw new Error('order vanished');

        const error = await failure('VERSION_MISMATCH', CHANGE[action], { id: placed.id, v: current.version + 1 });

        expect(error.path).toEqual([FIELD[action]]);
        expect(await read(placed.id)).toEqual(current);
      },
    );

    it.each(['confirm', 'ship', 'deliver', 'cancel'] as const)(
      '%s of an unknown id fails with ORDER_NOT_FOUND',
      async (action) => {
        await failure('ORDER_NOT_FOUND', CHANGE[action], { id: UNKNOWN_ID });
      },
    );

    it.each(['confirm', 'ship', 'deliver', 'cancel'] as const)(
      '%s of a malformed id fails with VALIDATION_FAILED',
      async (action) => {
        const error = await failure('VALIDATION_FAILED', CHANGE[action], { id: 'order-1' });

        expect(error.extensions?.errors?.map((issue) => issue.path)).toContain('/id');
      },
    );
  });

  describe('malformed documents', () => {
    it('refuses a document selecting an unknown field with VALIDATION_FAILED', async () => {
      const placed = await place();

      const error = await failure('VALIDATION_FAILED', `{ order(id: "${placed.id}") { id colour } }`);

      expect(error.message).toContain('colour');
    });

    it('refuses an unknown root field with VALIDATION_FAILED', async () => {
      await failure('VALIDATION_FAILED', '{ customers { id } }');
    });

    it('refuses a syntax error with VALIDATION_FAILED', async () => {
      await failure('VALIDATION_FAILED', '{ order(id: ');
    });

    it('refuses a variable of the wrong type with VALIDATION_FAILED', async () => {
      await failure('VALIDATION_FAILED', ORDERS, { first: 'ten' });
    });

    it('refuses an unknown enum value with VALIDATION_FAILED', async () => {
      await failure('VALIDATION_FAILED', ORDERS, { status: 'LOST' });
    });

    it('refuses an input missing a required field with VALIDATION_FAILED, and creates nothing', async () => {
      const { customerEmail: _email, ...incomplete } = input();

      await failure('VALIDATION_FAILED', PLACE, { input: incomplete });
      expect((await data<{ orders: { items: unknown[] } }>(ORDERS)).orders.items).toEqual([]);
    });

    it('refuses a quantity sent as a string with VALIDATION_FAILED, and creates nothing', async () => {
      await failure('VALIDATION_FAILED', PLACE, {
        input: { ...input(), items: [{ sku: 'A', quantity: '5', unitPrice: 1 }] },
      });
      expect((await data<{ orders: { items: unknown[] } }>(ORDERS)).orders.items).toEqual([]);
    });

    it('refuses an input with an extra field with VALIDATION_FAILED, and creates nothing', async () => {
      await failure('VALIDATION_FAILED', PLACE, { input: { ...input(), discount: 10 } });
      expect((await data<{ orders: { items: unknown[] } }>(ORDERS)).orders.items).toEqual([]);
    });
  });

  describe('the same data as REST', () => {
    it('shows an order placed via REST with identical fields, the status in upper case', async () => {
      const viaRest = await placeOrderViaRest(app, { customerId: 'shared', currency: 'GBP' });

      const viaGraphQL = await read(viaRest.id);

      expect(viaGraphQL).toEqual({ ...viaRest, status: 'PENDING' });
    });

    it('shows a change made via GraphQL to REST, the status in lower case', async () => {
      const placed = await place();
      const confirmed = await change('confirm', placed.id);

      const response = await app.inject({ method: 'GET', url: `/orders/${placed.id}` });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      expect(json<OrderJson>(response)).toEqual({ ...confirmed, status: 'confirmed' });
    });

    it('lists the same orders in the same order as REST', async () => {
      for (let n = 0; n < 5; n++) {
        await place({ customerId: `c-${n}` });
        clock.advance(n % 2 === 0 ? 0 : 10);
      }

      const rest = await app.inject({ method: 'GET', url: '/orders?limit=3' });
      const graphql = await data<{ orders: { items: { id: string }[] } }>(ORDERS, { first: 3 });

      expect(graphql.orders.items.map((order) => order.id)).toEqual(
        json<{ items: OrderJson[] }>(rest).items.map((order) => order.id),
      );
    });
  });

  describe('GraphiQL and request ids', () => {
    it('serves GraphiQL at /graphiql as HTML', async () => {
      const response = await app.inject({ method: 'GET', url: '/graphiql' });

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('GraphiQL');
    });

    it('echoes a safe X-Request-Id on GraphQL answers, errors included', async () => {
      const ok = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'x-request-id': 'gql-1' },
        payload: { query: '{ orders { nextCursor } }' },
      });
      const bad = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'x-request-id': 'gql-2' },
        payload: { query: '{ nope }' },
      });

      expect(ok.headers['x-request-id']).toBe('gql-1');
      expect(bad.headers['x-request-id']).toBe('gql-2');
    });

    it('never shows a stack trace in an error', async () => {
      const placed = await place();
      const answers = await Promise.all([
        post(`mutation { shipOrder(id: "${placed.id}") { id } }`),
        post(`mutation { confirmOrder(id: "${UNKNOWN_ID}") { id } }`),
        post('{ order(id: "x") { id } }'),
        post('{ order('),
      ]);

      for (const answer of answers) {
        expect(answer.statusCode).toBeLessThan(500);
        expectNoGraphQLLeak(answer.body);
        expect(json<GqlResult<unknown>>(answer).errors?.length).toBeGreaterThan(0);
      }
    });
  });
});
