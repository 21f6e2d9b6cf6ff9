import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../../src/adapters/graphql/subscription-gate.js';
import { CONNECTION_INIT_DEADLINE_MS } from '../../src/adapters/graphql/socket-init-deadline.js';
import { WAIT_MS, within } from '../support/subscription-queue.js';
import { placeOrder } from './api-helpers.js';
import { codesOf, SocketServer, type RawGraphQLSocket, type ServerMessage } from './subscription-socket.js';

const ORDER_UPDATED = 'subscription { orderUpdated { id } }';

/** mercurius's event emitter (mqemitter), as far as adding and removing listeners goes. */
interface ListenerCounting {
  on(topic: string, listener: unknown, done?: unknown): unknown;
  removeListener(topic: string, listener: unknown, done?: unknown): unknown;
}

describe('the limits of a graphql-transport-ws connection (SPEC §5), on a real socket', () => {
  let server: SocketServer;
  let app: FastifyInstance;
  let registered: (count: number) => Promise<void>;

  beforeEach(async () => {
    server = await SocketServer.start();
    ({ app, registered } = server);
  });

  afterEach(() => server.close());

  const initialisedSocket = (): Promise<RawGraphQLSocket> => server.initialisedSocket();

  /**
   * Every message up to the server's answer to a ping: what it sent before it, in order. The server answers a ping
   * after whatever it had to send already, so nothing it owed before is still to come.
   */
  async function untilPong(socket: RawGraphQLSocket): Promise<ServerMessage[]> {
    socket.send({ type: 'ping' });
    const before: ServerMessage[] = [];
    for (let message = await socket.next(); message.type !== 'pong'; message = await socket.next()) {
      before.push(message);
    }
    return before;
  }

  it('refuses the 11th subscription of a connection with QUERY_TOO_COMPLEX, and takes one again once one completes', async () => {
    const socket = await initialisedSocket();
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CONNECTION; i++) socket.subscribe(`s${i}`, ORDER_UPDATED);
    await registered(MAX_SUBSCRIPTIONS_PER_CONNECTION);

    socket.subscribe('eleventh', ORDER_UPDATED);
    const refused = await socket.errorsFor('eleventh');
    expect(codesOf(refused)).toEqual(['QUERY_TOO_COMPLEX']);

    socket.send({ type: 'complete', id: 's0' });
    // mercurius confirms a completed subscription with a `complete` of its own once it has wound it down
    expect(await socket.next()).toEqual({ type: 'complete', id: 's0', payload: null });
    socket.subscribe('after-complete', ORDER_UPDATED);
    expect(await untilPong(socket)).toEqual([]);
    await registered(MAX_SUBSCRIPTIONS_PER_CONNECTION + 1);

    const placed = await placeOrder(app);
    const pushed: ServerMessage[] = [];
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CONNECTION; i++) pushed.push(await socket.next());
    expect(pushed.every((message) => message.type === 'next')).toBe(true);
    expect(pushed.map((message) => message.id).sort()).toEqual(
      ['after-complete', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9'].sort(),
    );
    expect(pushed[0]?.payload).toEqual({ data: { orderUpdated: { id: placed.id } } });
    expect(await untilPong(socket)).toEqual([]);
  });

  it('accepts 10 of 10,000 subscriptions sent on one socket and refuses the other 9,990 before they run', async () => {
    const socket = await initialisedSocket();

    for (let i = 0; i < 10_000; i++) socket.subscribe(`s${i}`, ORDER_UPDATED);
    const answered = await untilPong(socket);

    expect(answered).toHaveLength(10_000 - MAX_SUBSCRIPTIONS_PER_CONNECTION);
    for (const message of answered) {
      expect(message.type).toBe('error');
      expect(codesOf(message.payload as [])).toEqual(['QUERY_TOO_COMPLEX']);
    }
    await registered(MAX_SUBSCRIPTIONS_PER_CONNECTION);
    await placeOrder(app);
    const pushed = await untilPong(socket);
    expect(pushed.map((message) => message.id).sort()).toEqual(
      Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, (_, i) => `s${i}`).sort(),
    );
  });

  it('refuses 5 subscriptions of 2,000 aliased selections each, so the next order pushes nothing to them', async () => {
    const socket = await initialisedSocket();
    const aliases = Array.from({ length: 2_000 }, (_, i) => `a${i}: items { sku quantity unitPrice }`).join(' ');

    for (let i = 0; i < 5; i++) socket.subscribe(`wide${i}`, `subscription { orderUpdated { ${aliases} } }`);
    for (let i = 0; i < 5; i++) expect(codesOf(await socket.errorsFor(`wide${i}`))).toEqual(['QUERY_TOO_COMPLEX']);

    await placeOrder(app);
    expect(await untilPong(socket)).toEqual([]);
  });

  it('leaves no listener behind for subscriptions completed while they were being set up', async () => {
    const emitter = (app.graphql.pubsub as unknown as { emitter: ListenerCounting }).emitter;
    let listening = 0;
    const on = emitter.on.bind(emitter);
    const removeListener = emitter.removeListener.bind(emitter);
    emitter.on = (topic, listener, done) => {
      listening += 1;
      return on(topic, listener, done);
    };
    emitter.removeListener = (topic, listener, done) => {
      listening -= 1;
      return removeListener(topic, listener, done);
    };
    const socket = await initialisedSocket();

    // each slot is freed by its `complete`, so a client may repeat this without end
    for (let i = 0; i < 200; i++) {
      socket.subscribe(`s${i}`, ORDER_UPDATED);
      socket.send({ type: 'complete', id: `s${i}` });
    }
    await untilPong(socket);
    socket.close();
    await socket.closed;

    await vi.waitFor(() => expect(listening).toBe(0), { timeout: WAIT_MS });
  });

  it(
    `closes a socket that sends no connection_init within ${CONNECTION_INIT_DEADLINE_MS / 1000} s with 4408, and keeps one that did`,
    async () => {
      const initialised = await initialisedSocket();
      const silent = await server.openSocket();

      const closed = await within(silent.closed, CONNECTION_INIT_DEADLINE_MS + 5_000, 'the silent socket to close');

      expect(closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
      // opened before the silent one, so its deadline would have passed too
      expect(await untilPong(initialised)).toEqual([]);
    },
    CONNECTION_INIT_DEADLINE_MS + 15_000,
  );
});
