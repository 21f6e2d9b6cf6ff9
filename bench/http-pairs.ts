import type { TestDatabase } from '../test/support/postgres.js';
import { measure } from './measure.js';
import { pair, type Pair } from './pair.js';
import { placeOne, placeOrder as post } from './requests.js';
import { APP, BARE, BARE_PG, BARE_PG_READ, MEMORY, onPostgres, start, stop, type Server } from './servers.js';
import { settings } from './settings.js';
import { sideBySide } from './side-by-side.js';

/** Pairs 1 to 4b: the app's HTTP routes against bare fastify doing the same work, and GraphQL against REST. */

export async function httpPairs(database: TestDatabase): Promise<Pair[]> {
  console.log('1. GET /orders/{id}, memory: app vs bare fastify + Map');
  const app = await start(APP, MEMORY);
  const bare = await start(BARE);
  const appId = await placeOne(app.url);
  const bareId = await placeOne(bare.url);
  const get = await measure(
    {
      app: { name: 'app', server: app, request: { method: 'GET', path: `/orders/${appId}` } },
      baseline: { name: 'baseline', server: bare, request: { method: 'GET', path: `/orders/${bareId}` } },
    },
    settings.requests,
  );

  console.log('3. GraphQL order(id) vs REST GET /orders/{id}, on the app');
  const query = JSON.stringify({
    query: `{ order(id: "${appId}") { id customerId customerEmail status items { sku quantity unitPrice } currency total version cancellationReason createdAt updatedAt } }`,
  });
  const graphql = await measure(
    {
      app: { name: 'graphql', server: app, request: { method: 'POST', path: '/graphql', body: query } },
      baseline: { name: 'rest', server: app, request: { method: 'GET', path: `/orders/${appId}` } },
    },
    settings.requests,
  );

  await stop(app);
  await stop(bare);

  console.log('2. POST /orders, memory: app vs bare fastify + same JSON schema + Map');
  const place = await sideBySide(MEMORY, BARE, {}, () => post, settings.requests);

  console.log('4. POST /orders, PostgreSQL: app vs bare fastify + knex, same rows in one transaction');
  const postgres = onPostgres(database.url);
  const baselineDatabase = { DATABASE_URL: database.url };
  const placePostgres = await sideBySide(postgres, BARE_PG, baselineDatabase, () => post, settings.postgresRequests);

  console.log('4b. GET /orders/{id}, PostgreSQL: app vs bare fastify + knex reading in a tenant-bound transaction');
  // Both sides read the same order, one the app placed in the token's tenant.
  const read = async (appServer: Server) =>
    ({ method: 'GET', path: `/orders/${await placeOne(appServer.url)}` }) as const;
  const readPostgres = await sideBySide(postgres, BARE_PG_READ, baselineDatabase, read, settings.postgresRequests);

  return [
    pair('1. GET /orders/{id} (memory)', get, { on: 'cpu', ratio: 1.5 }, 'requests/s'),
    pair('2. POST /orders (memory)', place, { on: 'cpu', ratio: 1.5 }, 'requests/s'),
    pair('3. GraphQL order(id) vs REST GET (app)', graphql, { on: 'cpu', ratio: 2 }, 'requests/s'),
    pair('4. POST /orders (PostgreSQL)', placePostgres, { on: 'throughput', ratio: 1.5 }, 'requests/s'),
    pair('4b. GET /orders/{id} (PostgreSQL)', readPostgres, { on: 'throughput', ratio: 1.5 }, 'requests/s'),
  ];
}
