import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placeOrder } from './api-helpers.js';
import { codesOf, SocketServer, type RawGraphQLSocket } from './subscription-socket.js';

interface LogLine {
  readonly level: number;
  readonly msg?: string;
}

const VALID = 'subscription { orderUpdated { id status } }';

/** Documents a subscription must not start with, each as an attacker sends it, and the code it is refused with. */
const REFUSED: readonly {
  readonly what: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly code: string;
}[] = [
  { what: 'an unknown field', query: 'subscription { orderUpdated { nosuch } }', code: 'VALIDATION_FAILED' },
  {
    what: 'two root fields',
    query: 'subscription { a: orderUpdated { id } b: orderUpdated { status } }',
    code: 'VALIDATION_FAILED',
  },
  { what: 'an unknown argument', query: 'subscription { orderUpdated(nosuch: 1) { id } }', code: 'VALIDATION_FAILED' },
  {
    what: 'an undefined variable',
    query: 'subscription { orderUpdated(id: $id) { id } }',
    variables: { id: 'x' },
    code: 'VALIDATION_FAILED',
  },
  {
    what: 'a fragment cycle',
    query: 'subscription { orderUpdated { ...A } } fragment A on Order { id ...B } fragment B on Order { status ...A }',
    code: 'VALIDATION_FAILED',
  },
  {
    what: 'a variable declared with the wrong type',
    query: 'subscription ($id: Int) { orderUpdated(id: $id) { id } }',
    variables: { id: 1 },
    code: 'VALIDATION_FAILED',
  },
  {
    what: 'a variable value of the wrong type',
    query: 'subscription ($id: ID) { orderUpdated(id: $id) { id } }',
    variables: { id: { nested: ['object'] } },
    code: 'VALIDATION_FAILED',
  },
  { what: 'a syntax error', query: 'subscription { orderUpdated { id }', code: 'VALIDATION_FAILED' },
  { what: 'a query instead of a subscription', query: '{ orders { nextCursor } }', code: 'VALIDATION_FAILED' },
  {
    what: 'more root fields than the limit allows',
    query: `subscription { ${Array.from({ length: 51 }, (_, i) => `a${i}: orderUpdated { id }`).join(' ')} }`,
    code: 'QUERY_TOO_COMPLEX',
  },
];

describe('subscriptions over a real graphql-transport-ws socket are validated like queries (SPEC §5)', () => {
  let server: SocketServer;
  let app: FastifyInstance;
  let registered: (count: number) => Promise<void>;
  /** Every log line the server wrote, parsed. */
  let logLines: LogLine[];

  beforeEach(async () => {
    logLines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    server = await SocketServer.start({ logger: pino({ level: 'info' }, sink) });
    ({ app, registered } = server);
  });

  afterEach(() => server.close());

  const initialisedSocket = (): Promise<RawGraphQLSocket> => server.initialisedSocket();

  for (const { what, query, variables, code } of REFUSED) {
    it(`refuses a subscription with ${what} with an error message carrying ${code}, and runs nothing of it`, async () => {
      const socket = await initialisedSocket();

      socket.subscribe('refused', query, variables);
      const errors = await socket.errorsFor('refused');

      expect(errors.length).toBeGreaterThan(0);
      expect(codesOf(errors)).toContain(code);
      for (const error of errors) expect(['VALIDATION_FAILED', 'QUERY_TOO_COMPLEX']).toContain(error.extensions?.code);
      // The socket still serves: a valid subscription after it is the only one to hear of the next order.
      socket.subscribe('valid', VALID);
      await registered(1);
      const placed = await placeOrder(app);
      expect(await socket.next()).toEqual({
        type: 'next',
        id: 'valid',
        payload: { data: { orderUpdated: { id: placed.id, status: 'PENDING' } } },
      });
    });
  }

  it('logs a client’s bad variable at info, not as a server error', async () => {
    const socket = await initialisedSocket();

    socket.subscribe('bad', 'subscription ($id: ID) { orderUpdated(id: $id) { id } }', { id: [1, 2] });
    expect(codesOf(await socket.errorsFor('bad'))).toEqual(['VALIDATION_FAILED']);

    expect(logLines.filter((line) => line.level >= 50)).toEqual([]);
    expect(logLines.some((line) => line.level === 30 && line.msg === 'subscription refused')).toBe(true);
  });

  it('refuses a subscribe message whose query is not a string (an already parsed document)', async () => {
    const socket = await initialisedSocket();

    socket.send({ type: 'subscribe', id: 'ast', payload: { query: { kind: 'Document', definitions: [] } } });

    expect(codesOf(await socket.errorsFor('ast'))).toEqual(['VALIDATION_FAILED']);
  });

  it('answers a subscription sent before connection_init by closing the socket, whatever its document', async () => {
    const socket = await server.openSocket();

    socket.subscribe('early', 'subscription { orderUpdated { nosuch } }');

    expect(await socket.next()).toMatchObject({ type: 'connection_error' });
    await socket.closed;
    expect(socket.pending).toEqual([]);
  });

  it('closes a socket that starts a second subscription under an id in use with 4409, as graphql-ws does', async () => {
    const socket = await initialisedSocket();

    socket.subscribe('same', VALID);
    socket.subscribe('same', VALID);

    expect((await socket.closed).code).toBe(4409);
  });
});
