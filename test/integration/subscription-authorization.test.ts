import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createClient, type Client } from 'graphql-ws';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { closeCodeOf, describeOutcome, SubscriptionQueue, watchRegistrations } from '../support/subscription-queue.js';
import { buildTestApp } from '../support/test-app.js';
import { bearerFor, STAFF, type TokenClaims } from '../support/tokens.js';
import { json, validOrder, type OrderJson } from './api-helpers.js';
import {
  credentialHeaders,
  OTHER_CUSTOMER,
  OTHER_TENANT_STAFF,
  OWNER,
  type Credential,
  type Headers,
} from './authorization-cases.js';

interface Updated {
  readonly orderUpdated: {
    readonly id: string;
    readonly customerId: string;
    readonly status: string;
    readonly version: number;
  };
}

const ORDER_UPDATED = `
  subscription ($id: ID, $customerId: String) {
    orderUpdated(id: $id, customerId: $customerId) { id customerId status version }
  }
`;

/** graphql-ws' close code for a connection that did not authenticate (SPEC §9). */
const UNAUTHORIZED = 4401;

describe('who receives which orderUpdated over graphql-ws', () => {
  let app: FastifyInstance;
  let url: string;
  let registered: (count: number) => Promise<void>;
  let opened: number;
  let as: Record<Credential, Headers>;
  const clients: Client[] = [];
  const subscriptions: SubscriptionQueue<Updated>[] = [];

  beforeAll(async () => {
    as = await credentialHeaders();
  });

  beforeEach(async () => {
    ({ app } = await buildTestApp({ actor: null }));
    registered = watchRegistrations(app);
    opened = 0;
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;
  });

  afterEach(async () => {
    for (const subscription of subscriptions.splice(0)) subscription.dispose();
    await Promise.allSettled(clients.splice(0).map(async (client) => client.dispose()));
    await app.close();
  });

  /** A client whose connection_init carries this payload (none when undefined). */
  function client(payload?: Record<string, unknown>): Client {
    const created = createClient({
      url,
      webSocketImpl: WebSocket,
      ...(payload !== undefined && { connectionParams: payload }),
      retryAttempts: 0,
    });
    clients.push(created);
    return created;
  }

  async function clientOf(claims: TokenClaims): Promise<Client> {
    return client({ authorization: await bearerFor(claims) });
  }

  function open(on: Client, variables: { id?: string; customerId?: string } = {}): SubscriptionQueue<Updated> {
    const subscription = new SubscriptionQueue<Updated>(on, ORDER_UPDATED, variables);
    subscriptions.push(subscription);
    return subscription;
  }

  /** Subscribes and waits until the server has registered the subscription. */
  async function subscribe(on: Client, variables: { id?: string; customerId?: string } = {}) {
    const subscription = open(on, variables);
    opened += 1;
    await registered(opened);
    return subscription;
  }

  /** Places (as staff of the test tenant unless said) and changes orders over REST. */
  async function place(customerId: string, staff: Headers = as['staff of the tenant']): Promise<OrderJson> {
    const response = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: staff,
      payload: validOrder({ customerId }),
    });
    expect(response.statusCode, response.body).toBe(201);
    return json<OrderJson>(response);
  }

  async function confirm(order: OrderJson): Promise<void> {
    const response = await app.inject({
      method: 'POST',
      url: `/orders/${order.id}/confirm`,
      headers: as['staff of the tenant'],
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  /** Orders of c-1 and c-2 placed and confirmed, interleaved; c-1's confirmation comes last. */
  async function busyTenant(): Promise<{ readonly c1: OrderJson; readonly c2: OrderJson }> {
    const c2 = await place('c-2');
    const c1 = await place('c-1');
    await confirm(c2);
    await confirm(c1);
    return { c1, c2 };
  }

  /** What a subscription receives, up to and including an update of `id` at `version`. */
  async function receivedUntil(subscription: SubscriptionQueue<Updated>, id: string, version: number) {
    const seen: [string, string, number][] = [];
    for (;;) {
      const { orderUpdated: order } = await subscription.next();
      seen.push([order.id, order.status, order.version]);
      if (order.id === id && order.version === version) return seen;
    }
  }

  const REFUSED: readonly { readonly name: string; readonly payload: () => Record<string, unknown> | undefined }[] = [
    { name: 'no payload', payload: () => undefined },
    { name: 'no authorization', payload: () => ({}) },
    { name: 'an authorization that is not a string', payload: () => ({ authorization: 42 }) },
    { name: 'an expired token', payload: () => ({ authorization: as['an expired token'].authorization }) },
    { name: 'a wrongly signed token', payload: () => ({ authorization: as['a wrongly signed token'].authorization }) },
    { name: 'an alg: none token', payload: () => ({ authorization: as['an alg: none token'].authorization }) },
  ];

  for (const { name, payload } of REFUSED) {
    it(`closes with 4401 a connection whose connection_init carries ${name}`, async () => {
      const subscription = open(client(payload()));

      const end = await subscription.take();

      expect(end.kind, describeOutcome(end)).toBe('error');
      expect(end.kind === 'error' && closeCodeOf(end.error)).toBe(UNAUTHORIZED);
    });
  }

  it('sends a customer the updates of their own orders only', async () => {
    const updates = await subscribe(await clientOf(OWNER));

    const { c1 } = await busyTenant();

    expect(await receivedUntil(updates, c1.id, 2)).toEqual([
      [c1.id, 'PENDING', 1],
      [c1.id, 'CONFIRMED', 2],
    ]);
    expect(updates.pending).toEqual([]);
  });

  it('sends staff the updates of every order of their tenant', async () => {
    const updates = await subscribe(await clientOf(STAFF));

    const { c1, c2 } = await busyTenant();

    expect(await receivedUntil(updates, c1.id, 2)).toEqual([
      [c2.id, 'PENDING', 1],
      [c1.id, 'PENDING', 1],
      [c2.id, 'CONFIRMED', 2],
      [c1.id, 'CONFIRMED', 2],
    ]);
  });

  it('sends staff of another tenant nothing of this tenant: their own next order is the first thing they receive', async () => {
    const updates = await subscribe(await clientOf(OTHER_TENANT_STAFF));

    await busyTenant();
    const theirs = await place('c-1', as['staff of another tenant']);

    expect(await receivedUntil(updates, theirs.id, 1)).toEqual([[theirs.id, 'PENDING', 1]]);
  });

  it('sends a customer who filters by another customer (or another customer’s order) nothing', async () => {
    const before = await place('c-2');
    const connection = await clientOf(OWNER);
    const byCustomer = await subscribe(connection, { customerId: OTHER_CUSTOMER.sub });
    const byOrder = await subscribe(connection, { id: before.id });
    const own = await subscribe(connection);

    const { c1 } = await busyTenant();
    await confirm(before);
    // the last update of all, on the same connection: anything for the filtered subscriptions came before it
    const marker = await place('c-1');

    expect(await receivedUntil(own, marker.id, 1)).toEqual([
      [c1.id, 'PENDING', 1],
      [c1.id, 'CONFIRMED', 2],
      [marker.id, 'PENDING', 1],
    ]);
    expect(byCustomer.pending).toEqual([]);
    expect(byOrder.pending).toEqual([]);
  });
});
