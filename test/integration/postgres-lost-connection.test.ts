import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLATFORM_PROBLEMS } from '../../src/adapters/http/problem-from-framework.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { TcpProxy, type CutPoint } from '../support/tcp-proxy.js';
import { buildTestApp } from '../support/test-app.js';
import { expectProblem, validOrder, type OrderJson } from './api-helpers.js';

const LOST_COMMIT = PLATFORM_PROBLEMS.outcomeUnknown.detail;
const UNAVAILABLE = PLATFORM_PROBLEMS.dependencyUnavailable.detail;
/** The statement that places an order, in its own implicit transaction: the server commits it as it ends. */
const PLACEMENT = /orders_place\(/;

function placeWithKey(app: FastifyInstance, key: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/orders',
    headers: { 'idempotency-key': key },
    payload: validOrder({ customerId: `c-${key}` }),
  });
}

function expectUnavailable(response: LightMyRequestResponse): string {
  const problem = expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.body).not.toMatch(/COMMIT;|ROLLBACK|queryable|terminat|insert into|update "/);
  return problem.detail;
}

describe.skipIf(!postgresAvailable)('a database connection lost in the middle of a request, on PostgreSQL', () => {
  let database: TestDatabase;

  /** How many orders of this customer the database holds, seen past the row-level security. */
  async function ordersOf(customerId: string): Promise<string[]> {
    const rows = await database.owner('orders').where({ customer_id: customerId }).select<{ id: string }[]>('id');
    return rows.map((row) => row.id);
  }

  beforeAll(async () => {
    database = await TestDatabase.create();
  });

  afterAll(async () => {
    await database.drop();
  });

  describe('when every connection of the service is terminated under a burst of POST /orders', () => {
    let app: FastifyInstance;

    beforeAll(async () => {
      ({ app } = await buildTestApp({ env: { ORDERS_REPOSITORY: 'postgres', DATABASE_URL: database.url } }));
    });

    afterAll(async () => {
      await app.close();
    });

    it('answers 201 or 503 with Retry-After, never 500; a retry with the key of each 503 leaves exactly one order', async () => {
      const answers = new Map<string, LightMyRequestResponse>();
      for (let round = 0; round < 3; round++) {
        const keys = Array.from({ length: 40 }, (_, index) => `burst-${round}-${index}`);
        const pending = keys.map(async (key) => answers.set(key, await placeWithKey(app, key)));
        // Once one order is through, the others hold every connection of the pool, mid-transaction.
        await Promise.race(pending);
        await database.owner.raw(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        );
        await Promise.all(pending);
      }

      const unavailable = [...answers].filter(([, response]) => response.statusCode !== 201);
      expect(unavailable.length).toBeGreaterThan(0);
      for (const [, response] of unavailable) expectUnavailable(response);
      for (const [key, response] of answers) {
        if (response.statusCode === 201) expect(await ordersOf(`c-${key}`)).toEqual([response.json<OrderJson>().id]);
      }

      for (const [key] of unavailable) {
        const retried = await placeWithKey(app, key);
        expect(retried.statusCode, retried.body).toBe(201);
        expect(await ordersOf(`c-${key}`)).toEqual([retried.json<OrderJson>().id]);
      }
    }, 60_000);
  });

  describe('when the connection drops as a change goes out to be committed', () => {
    let proxy: TcpProxy;
    let app: FastifyInstance;

    beforeAll(async () => {
      const target = new URL(database.url);
      proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      const viaProxy = new URL(database.url);
      viaProxy.host = `127.0.0.1:${await proxy.open()}`;
      ({ app } = await buildTestApp({ env: { ORDERS_REPOSITORY: 'postgres', DATABASE_URL: viaProxy.toString() } }));
    });

    beforeEach(async () => {
      await database.truncate();
    });

    afterAll(async () => {
      await app.close();
      await proxy.cut();
    });

    /** Places an order whose one statement (it commits as it ends) is cut at `point`; returns the 503's detail. */
    async function placeLosingCommit(key: string, point: CutPoint): Promise<string> {
      const cut = proxy.cutConnectionAt(PLACEMENT, point);
      const response = await placeWithKey(app, key);
      await cut;
      return expectUnavailable(response);
    }

    it('says the order may or may not exist, and a retry with the same key places it once when it was not', async () => {
      expect(await placeLosingCommit('lost-before', 'before-the-server-reads-it')).toBe(LOST_COMMIT);
      expect(await ordersOf('c-lost-before')).toEqual([]);

      const retried = await placeWithKey(app, 'lost-before');
      expect(retried.statusCode, retried.body).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(await ordersOf('c-lost-before')).toEqual([retried.json<OrderJson>().id]);
    });

    it('says the order may or may not exist, and a retry with the same key replays it when it was committed', async () => {
      expect(await placeLosingCommit('lost-after', 'after-the-server-answers')).toBe(LOST_COMMIT);
      const [committed] = await ordersOf('c-lost-after');
      expect(committed).toBeDefined();

      const retried = await placeWithKey(app, 'lost-after');
      expect(retried.statusCode, retried.body).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(retried.json<OrderJson>().id).toBe(committed);
      expect(await ordersOf('c-lost-after')).toEqual([committed]);
    });

    it('says a confirmation may or may not have been applied, and a retry with If-Match tells which', async () => {
      const placed = await placeWithKey(app, 'to-confirm');
      const { id } = placed.json<OrderJson>();
      const confirm = () =>
        app.inject({ method: 'POST', url: `/orders/${id}/confirm`, headers: { 'if-match': '"1"' } });

      const cut = proxy.cutConnectionAt(/orders_change\(/, 'after-the-server-answers');
      const lost = await confirm();
      await cut;
      expect(expectUnavailable(lost)).toBe(LOST_COMMIT);

      expectProblem(await confirm(), 412, 'VERSION_MISMATCH');
      const reread = await app.inject({ method: 'GET', url: `/orders/${id}` });
      expect(reread.json<OrderJson>()).toMatchObject({ status: 'confirmed', version: 2 });
    });

    it('says a read lost in flight is unavailable, not that anything may have changed', async () => {
      const placed = await placeWithKey(app, 'to-read');
      const { id } = placed.json<OrderJson>();

      const cut = proxy.cutConnectionAt(/orders_find\(/, 'after-the-server-answers');
      const lost = await app.inject({ method: 'GET', url: `/orders/${id}` });
      await cut;
      expect(expectUnavailable(lost)).toBe(UNAVAILABLE);
    });

    it('tells a GraphQL client the same, under SERVICE_UNAVAILABLE', async () => {
      const cut = proxy.cutConnectionAt(PLACEMENT, 'before-the-server-reads-it');
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        payload: {
          query: `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input, idempotencyKey: "via-graphql") { id } }`,
          variables: { input: validOrder({ customerId: 'c-graphql' }) },
        },
      });
      await cut;
      expect(response.json()).toMatchObject({
        errors: [{ message: LOST_COMMIT, extensions: { code: 'SERVICE_UNAVAILABLE' } }],
      });
    });
  });
});
