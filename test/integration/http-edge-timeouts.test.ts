import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REQUEST_TIMEOUT_MS } from '../../src/adapters/http/server-options.js';
import { RawClient, type RawAnswer } from '../support/raw-http.js';
import { SubscriptionQueue, watchRegistrations } from '../support/subscription-queue.js';
import { buildTestApp } from '../support/test-app.js';
import { bearerFor, STAFF } from '../support/tokens.js';
import { json, validOrder, type OrderJson } from './api-helpers.js';

// SPEC §4: a request whose headers and body have not fully arrived within 30 s is answered 408 REQUEST_TIMEOUT and
// its connection closed. These servers use a shorter timeout, the same mechanism, so that no test waits 30 s.
const TIMEOUT_MS = 400;

/** Long enough for the timeout to have passed several times over. */
const pastTheTimeout = () => new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 4));

const apps: FastifyInstance[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.allSettled(apps.splice(0).map((app) => app.close()));
});

async function listening(requestTimeoutMs = TIMEOUT_MS): Promise<{ app: FastifyInstance; port: number }> {
  const { app } = await buildTestApp({ requestTimeoutMs });
  apps.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as AddressInfo).port };
}

async function rawClient(port: number): Promise<RawClient> {
  const client = await RawClient.open(port);
  clients.push(client);
  return client;
}

/** Writes one byte at a time, every 50 ms, until the server closes the connection. */
function trickle(client: RawClient, bytes: string): void {
  let next = 0;
  const timer = setInterval(() => {
    client.write(bytes.charAt(next % bytes.length));
    next += 1;
  }, 50);
  void client.closedByServer().finally(() => clearInterval(timer));
}

function expectTimedOut(answers: RawAnswer[]): RawAnswer {
  expect(answers.map((answer) => answer.status)).toEqual([408]);
  const [answer] = answers as [RawAnswer];
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.headers.connection).toBe('close');
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  expect(body).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  expect(typeof body.detail).toBe('string');
  return answer;
}

describe('the request timeout', () => {
  it('is 30 seconds for the headers and the body alike unless a test shortens it', async () => {
    const { app } = await buildTestApp();
    apps.push(app);

    expect(REQUEST_TIMEOUT_MS).toBe(30_000);
    expect([app.server.requestTimeout, app.server.headersTimeout]).toEqual([30_000, 30_000]);
  });

  it('answers a body trickled a byte at a time with 408 REQUEST_TIMEOUT, its request id, and closes', async () => {
    const { app, port } = await listening();
    const client = await rawClient(port);
    client.write(
      `POST /orders HTTP/1.1\r\nHost: x\r\nAuthorization: ${await bearerFor(STAFF)}\r\nX-Request-Id: trickle-1\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
    );
    trickle(client, JSON.stringify(validOrder()));

    const answer = expectTimedOut(await client.closedByServer());

    expect(answer.headers['x-request-id']).toBe('trickle-1');
    const listed = await app.inject({ method: 'GET', url: '/orders' });
    expect(json<{ items: readonly OrderJson[] }>(listed).items).toEqual([]);
  });

  it('answers headers trickled a byte at a time with 408 REQUEST_TIMEOUT and closes', async () => {
    const { port } = await listening();
    const client = await rawClient(port);
    client.write('GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    trickle(client, 'abcdefgh');

    const answer = expectTimedOut(await client.closedByServer());

    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a connection that never sends a byte with 408 REQUEST_TIMEOUT and closes', async () => {
    const { port } = await listening();
    const client = await rawClient(port);

    expectTimedOut(await client.closedByServer());
  });

  it('leaves a keep-alive connection idle between whole requests open for its next request', async () => {
    const { port } = await listening();
    const client = await rawClient(port);
    client.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    await client.answers(1);

    await pastTheTimeout();
    client.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');

    expect((await client.answers(2)).map((answer) => answer.status)).toEqual([200, 200]);
  });

  it('leaves a GraphQL subscription socket idle past the timeout open, and it still delivers', async () => {
    const { app, port } = await listening();
    const registered = watchRegistrations(app);
    let closes = 0;
    const graphql = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: await bearerFor(STAFF) },
      retryAttempts: 0,
      on: { closed: () => (closes += 1) },
    });
    const subscription = new SubscriptionQueue<{ orderUpdated: { id: string } }>(
      graphql,
      'subscription { orderUpdated { id } }',
      {},
    );
    await registered(1);

    await pastTheTimeout();
    const placed = await app.inject({ method: 'POST', url: '/orders', payload: validOrder() });

    expect((await subscription.next()).orderUpdated.id).toBe(json<OrderJson>(placed).id);
    expect(closes).toBe(0);
    subscription.dispose();
    await graphql.dispose();
  });
});
