import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createClient, type Client } from 'graphql-ws';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LISTENER_APPLICATION_NAME } from '../../src/adapters/postgres/postgres-order-updates.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { SubscriptionQueue, WAIT_MS, watchRegistrations, within } from '../support/subscription-queue.js';
import { buildTestApp } from '../support/test-app.js';
import { bearerFor, STAFF, type TokenClaims } from '../support/tokens.js';
import { json, validOrder, type OrderJson } from './api-helpers.js';
import { OTHER_TENANT_STAFF, OWNER } from './authorization-cases.js';

interface Updated {
  readonly orderUpdated: { readonly id: string; readonly status: string; readonly version: number };
}

const ORDER_UPDATED = `subscription { orderUpdated { id status version } }`;

/** One instance of the service, listening on a port of its own, over the shared database. */
interface Instance {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly registered: (count: number) => Promise<void>;
  /** The messages it logged, as pino wrote them. */
  readonly logged: string[];
}

describe.skipIf(!postgresAvailable)('GraphQL subscriptions across instances sharing one PostgreSQL', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  let opened: number;
  const clients: Client[] = [];
  const subscriptions: SubscriptionQueue<Updated>[] = [];

  async function start(): Promise<Instance> {
    const logged: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(line) });
    const { app } = await buildTestApp({
      env: { ORDERS_REPOSITORY: 'postgres', DATABASE_URL: database.url, DATABASE_MIGRATE: 'false' },
      logger,
      actor: null,
    });
    const registered = watchRegistrations(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;
    return { app, url, registered, logged };
  }

  /** Subscribes on `instance` as `claims` and waits until the server has registered it. */
  async function subscribe(instance: Instance, claims: TokenClaims): Promise<SubscriptionQueue<Updated>> {
    const client = createClient({
      url: instance.url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: await bearerFor(claims) },
      retryAttempts: 0,
    });
    clients.push(client);
    const subscription = new SubscriptionQueue<Updated>(client, ORDER_UPDATED, {});
    subscriptions.push(subscription);
    opened += 1;
    await instance.registered(opened);
    return subscription;
  }

  async function place(through: Instance, customerId: string, claims: TokenClaims = STAFF): Promise<OrderJson> {
    const response = await through.app.inject({
      method: 'POST',
      url: '/orders',
      headers: { authorization: await bearerFor(claims) },
      payload: validOrder({ customerId }),
    });
    expect(response.statusCode, response.body).toBe(201);
    return json<OrderJson>(response);
  }

  /** What a subscription receives, up to and including the first version of `id`. */
  async function receivedUntil(subscription: SubscriptionQueue<Updated>, id: string): Promise<[string, number][]> {
    const seen: [string, number][] = [];
    for (;;) {
      const { orderUpdated: order } = await subscription.next();
      seen.push([order.id, order.version]);
      if (order.id === id) return seen;
    }
  }

  /** The backends of every instance's listener, by process id. */
  async function listenerBackends(): Promise<number[]> {
    const { rows } = await database.owner.raw<{ rows: { pid: number }[] }>(
      'select pid from pg_stat_activity where datname = current_database() and application_name = ? order by pid',
      [LISTENER_APPLICATION_NAME],
    );
    return rows.map((row) => row.pid);
  }

  /** Waits, within WAIT_MS, until the listener backends are as `done` wants them. */
  async function backendsUntil(what: string, done: (pids: number[]) => boolean): Promise<number[]> {
    const settled = async (): Promise<number[]> => {
      for (;;) {
        const pids = await listenerBackends();
        if (done(pids)) return pids;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    return within(settled(), WAIT_MS, what);
  }

  beforeAll(async () => {
    database = await TestDatabase.create();
  });

  afterAll(async () => {
    await database.drop();
  });

  beforeEach(async () => {
    await database.truncate();
    opened = 0;
    a = await start();
    b = await start();
  });

  afterEach(async () => {
    for (const subscription of subscriptions.splice(0)) subscription.dispose();
    await Promise.allSettled(clients.splice(0).map(async (client) => client.dispose()));
    await Promise.allSettled([a.app.close(), b.app.close()]);
  });

  it("sends a subscriber on one instance the changes made through another, and its own instance's exactly once", async () => {
    const updates = await subscribe(a, STAFF);

    const throughB = await place(b, 'c-1');
    const throughA = await place(a, 'c-2');
    const marker = await place(b, 'c-3');

    expect(await receivedUntil(updates, marker.id)).toEqual([
      [throughB.id, 1],
      [throughA.id, 1],
      [marker.id, 1],
    ]);
    expect(updates.pending).toEqual([]);
  });

  it("holds tenants and customers apart across instances: another tenant's or customer's change is not sent", async () => {
    const otherTenant = await subscribe(a, OTHER_TENANT_STAFF);
    const owner = await subscribe(a, OWNER);

    await place(b, 'c-2');
    const owners = await place(b, OWNER.sub);
    const theirs = await place(b, 'c-9', OTHER_TENANT_STAFF);

    expect(await receivedUntil(otherTenant, theirs.id)).toEqual([[theirs.id, 1]]);
    expect(await receivedUntil(owner, owners.id)).toEqual([[owners.id, 1]]);
  });

  it("hears changes again once the listener's connection, killed by the server, is opened again", async () => {
    const updates = await subscribe(a, STAFF);
    const before = await backendsUntil('both listeners', (pids) => pids.length === 2);

    await database.owner.raw('select pg_terminate_backend(pid) from unnest(?::int[]) as pid', [before]);
    await backendsUntil(
      'both listeners again',
      (pids) => pids.length === 2 && !pids.some((pid) => before.includes(pid)),
    );
    const afterwards = await place(b, 'c-1');

    expect(await receivedUntil(updates, afterwards.id)).toEqual([[afterwards.id, 1]]);
    expect(a.logged.some((line) => line.includes('lost the connection committed changes are heard on'))).toBe(true);
  });

  it('stops listening when its instance closes, and tries no more', async () => {
    await backendsUntil('both listeners', (pids) => pids.length === 2);

    await a.app.close();

    await backendsUntil("only the other instance's listener", (pids) => pids.length === 1);
    expect(a.logged.filter((line) => /lost the connection|cannot listen/.test(line))).toEqual([]);
  });
});
