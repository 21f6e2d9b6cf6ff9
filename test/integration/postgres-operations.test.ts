import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { startServer } from '../support/server-process.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { buildTestApp } from '../support/test-app.js';
import { bearerFor, STAFF } from '../support/tokens.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const newOrder = {
  customerId: 'c-durable',
  customerEmail: 'ada@example.com',
  items: [{ sku: 'BOOK-42', quantity: 2, unitPrice: 1250 }],
};

interface OrderJson {
  id: string;
  status: string;
  version: number;
}

async function send(url: string, method: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      authorization: await bearerFor(STAFF),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

describe.skipIf(!postgresAvailable)('on PostgreSQL', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await TestDatabase.create();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('serves the same orders at the same versions after a SIGTERM and a restart', async () => {
    const env = { ORDERS_REPOSITORY: 'postgres', DATABASE_URL: database.url };
    const first = await startServer(env);
    const placed: OrderJson[] = [];
    for (let index = 0; index < 3; index++) {
      const response = await send(`${first.url}/orders`, 'POST', newOrder);
      expect(response.status).toBe(201);
      placed.push((await response.json()) as OrderJson);
    }
    const [a, b] = placed as [OrderJson, OrderJson, OrderJson];
    expect((await send(`${first.url}/orders/${a.id}/confirm`, 'POST')).status).toBe(200);
    expect((await send(`${first.url}/orders/${a.id}/ship`, 'POST')).status).toBe(200);
    expect((await send(`${first.url}/orders/${b.id}/cancel`, 'POST', { reason: 'changed my mind' })).status).toBe(200);
    const before = await (await send(`${first.url}/orders?customerId=c-durable`, 'GET')).json();
    expect(await first.stop()).toBe(0);

    const second = await startServer(env);
    try {
      const after = await (await send(`${second.url}/orders?customerId=c-durable`, 'GET')).json();
      expect(after).toEqual(before);
      const reread = (await (await send(`${second.url}/orders/${a.id}`, 'GET')).json()) as OrderJson;
      expect(reread).toMatchObject({ status: 'shipped', version: 3 });
      expect(((await (await send(`${second.url}/orders/${b.id}`, 'GET')).json()) as OrderJson).version).toBe(2);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 60_000);

  describe('while the database is unreachable', () => {
    let proxy: TcpProxy;
    let app: FastifyInstance;

    beforeAll(async () => {
      const target = new URL(database.url);
      proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      const port = await proxy.open();
      const viaProxy = new URL(database.url);
      viaProxy.host = `127.0.0.1:${port}`;
      ({ app } = await buildTestApp({ env: { ORDERS_REPOSITORY: 'postgres', DATABASE_URL: viaProxy.toString() } }));
    });

    afterEach(async () => {
      await proxy.open().catch(() => undefined);
    });

    afterAll(async () => {
      await app.close();
      await proxy.cut();
    });

    it('answers 503 SERVICE_UNAVAILABLE with nothing internal, stays live, and recovers by itself', async () => {
      const outageOrder = { ...newOrder, customerId: 'c-outage' };
      const placed = await app.inject({ method: 'POST', url: '/orders', payload: outageOrder });
      expect(placed.statusCode).toBe(201);
      const { id } = placed.json<OrderJson>();

      await proxy.cut();

      const refused = [
        await app.inject({ method: 'POST', url: '/orders', payload: outageOrder }),
        await app.inject({ method: 'GET', url: `/orders/${id}` }),
        await app.inject({ method: 'GET', url: '/orders' }),
        await app.inject({ method: 'POST', url: `/orders/${id}/confirm` }),
      ];
      for (const response of refused) {
        expect(response.statusCode).toBe(503);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.headers['retry-after']).toBeDefined();
        expect(response.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
        expect(response.body).not.toMatch(/select|insert|update|postgres:|ECONNREFUSED|127\.0\.0\.1|\bat \S+ \(/i);
      }

      const viaGraphQL = await app.inject({
        method: 'POST',
        url: '/graphql',
        payload: { query: `{ order(id: "${id}") { id } }` },
      });
      expect(viaGraphQL.json<{ errors: { extensions: { code: string } }[] }>().errors[0]?.extensions.code).toBe(
        'SERVICE_UNAVAILABLE',
      );
      expect(viaGraphQL.body).not.toMatch(/select|postgres:|ECONNREFUSED/i);

      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', checks: { database: { status: 'unavailable' } } });

      await proxy.open();

      await expect
        .poll(async () => (await app.inject({ method: 'GET', url: `/orders/${id}` })).statusCode, {
          timeout: 15_000,
          interval: 200,
        })
        .toBe(200);
      expect((await app.inject({ method: 'POST', url: `/orders/${id}/confirm` })).json()).toMatchObject({ version: 2 });
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      // The refused placement stored nothing.
      const listed = await app.inject({ method: 'GET', url: '/orders?customerId=c-outage' });
      expect(listed.json<{ items: unknown[] }>().items).toHaveLength(1);
    }, 60_000);
  });
});

describe.skipIf(!postgresAvailable)('npm run migrate', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await TestDatabase.create({ migrated: false });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('applies pending migrations to DATABASE_URL, then finds nothing to do', async () => {
    const env = { ...process.env, DATABASE_URL: database.url };
    const first = await run(process.execPath, ['dist/app/migrate.js'], { cwd: root, env });
    expect(first.stdout).toContain('Applied: 001-create-orders');
    const tables = await database.owner.raw<{ rows: { tablename: string }[] }>(
      "select tablename from pg_tables where schemaname = 'public' order by tablename",
    );
    expect(tables.rows.map((row) => row.tablename)).toEqual(
      expect.arrayContaining(['order_events', 'order_lines', 'orders']),
    );
    const second = await run(process.execPath, ['dist/app/migrate.js'], { cwd: root, env });
    expect(second.stdout).toContain('Already up to date');
  });

  it('exits 1 with one line when DATABASE_URL is missing', async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const failure = (await run(process.execPath, ['dist/app/migrate.js'], { cwd: root, env }).then(
      () => undefined,
      (error: unknown) => error,
    )) as { code?: number; stderr?: string } | undefined;
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/^Invalid configuration: DATABASE_URL is not set[^\n]*\n$/);
  });
});
