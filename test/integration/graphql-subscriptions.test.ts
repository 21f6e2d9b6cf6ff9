import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createClient, type Client } from 'graphql-ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  SubscriptionQueue,
  WAIT_MS,
  closeCodeOf,
  describeOutcome,
  watchRegistrations,
  within,
} from '../support/subscription-queue.js';
import { buildTestApp } from '../support/test-app.js';
import { ISO_WITH_MS, UUID, validOrder, type NewOrderBody, type OrderJson } from './api-helpers.js';

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

interface GqlResult<T> {
  readonly data?: T | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

const ORDER_FIELDS = `
  id customerId customerEmail status
  items { sku quantity unitPrice }
  currency total version cancellationReason createdAt updatedAt
`;
const ORDER_UPDATED = `
  subscription Updated($id: ID, $customerId: String) {
    orderUpdated(id: $id, customerId: $customerId) { ${ORDER_FIELDS} }
  }
`;
const PLACE = `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) { ${ORDER_FIELDS} }
  }
`;
const CANCEL = `
  mutation Cancel($id: ID!, $reason: String) {
    cancelOrder(id: $id, reason: $reason) { ${ORDER_FIELDS} }
  }
`;

type OrderUpdated = { readonly orderUpdated: GqlOrder };

describe('GraphQL subscriptions over graphql-ws on a listening server', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  let registered: (count: number) => Promise<void>;
  let opened: number;
  let closed: boolean;
  /** The test app's staff token, which every client sends in its connection_init unless a test says otherwise. */
  let staffAuthorization: string;
  const clients: Client[] = [];
  const subscriptions: SubscriptionQueue<OrderUpdated>[] = [];

  beforeEach(async () => {
    let authorization: string | null;
    ({ app, authorization } = await buildTestApp());
    staffAuthorization = authorization ?? '';
    registered = watchRegistrations(app);
    opened = 0;
    closed = false;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    baseUrl = `127.0.0.1:${port}`;
  });

  afterEach(async () => {
    for (const subscription of subscriptions.splice(0)) subscription.dispose();
    // the client's dispose is `void | Promise<void>`; it closes the socket if one is open
    await Promise.allSettled(clients.splice(0).map(async (client) => client.dispose()));
    if (!closed) await app.close();
  });

  function newClient(authorization: string | null = staffAuthorization): Client {
    const client = createClient({
      url: `ws://${baseUrl}/graphql`,
      webSocketImpl: WebSocket,
      ...(authorization !== null && { connectionParams: { authorization } }),
      // a dropped socket must end the subscription, not be retried against a closed server
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  }

  /** Subscribes to `orderUpdated` and waits until the server has registered it. */
  async function subscribe(
    client: Client,
    variables: { id?: string; customerId?: string } = {},
  ): Promise<SubscriptionQueue<OrderUpdated>> {
    const subscription = new SubscriptionQueue<OrderUpdated>(client, ORDER_UPDATED, variables);
    subscriptions.push(subscription);
    opened += 1;
    await registered(opened);
    return subscription;
  }

  async function nextOrder(subscription: SubscriptionQueue<OrderUpdated>): Promise<GqlOrder> {
    return (await subscription.next()).orderUpdated;
  }

  async function rest(
    method: 'POST' | 'GET',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`http://${baseUrl}${path}`, {
      method,
      headers: {
        authorization: staffAuthorization,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text.length > 0 ? (JSON.parse(text) as unknown) : undefined };
  }

  async function placeViaRest(overrides: NewOrderBody = {}): Promise<OrderJson> {
    const { status, json } = await rest('POST', '/orders', validOrder(overrides));
    expect(status, JSON.stringify(json)).toBe(201);
    return json as OrderJson;
  }

  async function changeViaRest(id: string, action: 'confirm' | 'ship' | 'deliver' | 'cancel'): Promise<OrderJson> {
    const { status, json } = await rest('POST', `/orders/${id}/${action}`, action === 'cancel' ? {} : undefined);
    expect(status, JSON.stringify(json)).toBe(200);
    return json as OrderJson;
  }

  async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(`http://${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: staffAuthorization },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as GqlResult<T>;
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(response.status).toBe(200);
    if (result.data === null || result.data === undefined) throw new Error(`no data: ${JSON.stringify(result)}`);
    return result.data;
  }

  it('sends a subscriber filtered by customerId the placed order (PENDING, version 1) and then the confirmed one (CONFIRMED, version 2)', async () => {
    const updates = await subscribe(newClient(), { customerId: 'c-sub' });

    const placed = await placeViaRest({ customerId: 'c-sub', customerEmail: 'sub@example.com' });
    const first = await nextOrder(updates);

    expect(first).toEqual({
      id: placed.id,
      customerId: 'c-sub',
      customerEmail: 'sub@example.com',
      status: 'PENDING',
      items: [
        { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
        { sku: 'PEN_1.b', quantity: 1, unitPrice: 500 },
      ],
      currency: 'USD',
      total: 3000,
      version: 1,
      cancellationReason: null,
      createdAt: placed.createdAt,
      updatedAt: placed.updatedAt,
    });
    expect(first.id).toMatch(UUID);
    expect(first.createdAt).toMatch(ISO_WITH_MS);

    const confirmed = await changeViaRest(placed.id, 'confirm');
    const second = await nextOrder(updates);

    expect(second).toMatchObject({ id: placed.id, customerId: 'c-sub', status: 'CONFIRMED', version: 2, total: 3000 });
    expect(second.updatedAt).toBe(confirmed.updatedAt);
    expect(second.createdAt).toBe(first.createdAt);
    expect(updates.pending).toEqual([]);
  });

  it('sends a subscriber filtered by id only that order’s updates, in version order', async () => {
    const chosen = await placeViaRest({ customerId: 'c-same' });
    const other = await placeViaRest({ customerId: 'c-same' });
    const updates = await subscribe(newClient(), { id: chosen.id });

    await changeViaRest(other.id, 'confirm');
    await changeViaRest(chosen.id, 'confirm');
    await changeViaRest(other.id, 'ship');
    await changeViaRest(chosen.id, 'ship');
    await changeViaRest(other.id, 'deliver');
    // the last change of all: anything of the other order would have to arrive before it
    const lastOfChosen = await changeViaRest(chosen.id, 'deliver');

    const seen: GqlOrder[] = [];
    while (seen.at(-1)?.version !== lastOfChosen.version) seen.push(await nextOrder(updates));

    expect(seen.map((order) => [order.id, order.status, order.version])).toEqual([
      [chosen.id, 'CONFIRMED', 2],
      [chosen.id, 'SHIPPED', 3],
      [chosen.id, 'DELIVERED', 4],
    ]);
    expect(updates.pending).toEqual([]);
  });

  it('sends nothing to a subscriber filtered by another customerId while other customers’ orders change', async () => {
    const client = newClient();
    const everything = await subscribe(client);
    const elsewhere = await subscribe(client, { customerId: 'c-elsewhere' });

    const first = await placeViaRest({ customerId: 'c-busy' });
    const second = await placeViaRest({ customerId: 'c-busy-too' });
    await changeViaRest(first.id, 'confirm');
    await changeViaRest(second.id, 'cancel');

    const all: GqlOrder[] = [];
    for (let i = 0; i < 4; i += 1) all.push(await nextOrder(everything));
    expect(all.map((order) => [order.id, order.status, order.version])).toEqual([
      [first.id, 'PENDING', 1],
      [second.id, 'PENDING', 1],
      [first.id, 'CONFIRMED', 2],
      [second.id, 'CANCELLED', 2],
    ]);
    expect(elsewhere.pending).toEqual([]);

    // A change of its own customer's order is then the first thing it gets: nothing came before it.
    const its = await placeViaRest({ customerId: 'c-elsewhere' });
    const firstForIt = await nextOrder(elsewhere);
    expect(firstForIt).toMatchObject({ id: its.id, customerId: 'c-elsewhere', status: 'PENDING', version: 1 });
    expect((await nextOrder(everything)).id).toBe(its.id);
    expect(elsewhere.pending).toEqual([]);
  });

  it('feeds the subscription from GraphQL mutations as well (placeOrder, then cancelOrder)', async () => {
    const updates = await subscribe(newClient(), { customerId: 'c-gql' });

    const { placeOrder } = await graphql<{ placeOrder: GqlOrder }>(PLACE, {
      input: {
        customerId: 'c-gql',
        customerEmail: 'gql@example.com',
        items: [{ sku: 'MUG-7', quantity: 3, unitPrice: 900 }],
        currency: 'EUR',
      },
    });
    const placed = await nextOrder(updates);
    expect(placed).toEqual(placeOrder);
    expect(placed).toMatchObject({ customerId: 'c-gql', status: 'PENDING', version: 1, total: 2700, currency: 'EUR' });

    const { cancelOrder } = await graphql<{ cancelOrder: GqlOrder }>(CANCEL, {
      id: placeOrder.id,
      reason: 'changed my mind',
    });
    const cancelled = await nextOrder(updates);
    expect(cancelled).toEqual(cancelOrder);
    expect(cancelled).toMatchObject({
      id: placeOrder.id,
      status: 'CANCELLED',
      version: 2,
      cancellationReason: 'changed my mind',
    });
    expect(updates.pending).toEqual([]);
  });

  it('ends open subscriptions when the server closes, and app.close() does not hang on them', async () => {
    const client = newClient();
    const byCustomer = await subscribe(client, { customerId: 'c-closing' });
    const everything = await subscribe(newClient());

    const placed = await placeViaRest({ customerId: 'c-closing' });
    expect((await nextOrder(byCustomer)).id).toBe(placed.id);
    expect((await nextOrder(everything)).id).toBe(placed.id);

    await within(app.close(), WAIT_MS, 'app.close() with open subscriptions');
    closed = true;

    for (const subscription of [byCustomer, everything]) {
      const end = await subscription.take();
      // graphql-ws ends a subscription either with `complete` or, when the socket closes under it, with the close
      // event (the server closes the sockets without a status today: 1005)
      if (end.kind === 'error') {
        expect([1000, 1001, 1005, 1006], describeOutcome(end)).toContain(closeCodeOf(end.error));
      } else {
        expect(end.kind, describeOutcome(end)).toBe('complete');
      }
    }
    // and the server no longer takes connections
    await expect(fetch(`http://${baseUrl}/health/live`)).rejects.toThrow();
  });
});
