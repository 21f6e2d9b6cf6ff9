import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { WAIT_MS, watchRegistrations, within } from '../support/subscription-queue.js';
import { buildTestApp, type TestAppOptions } from '../support/test-app.js';

/** A server message of graphql-transport-ws, as JSON. */
export interface ServerMessage {
  readonly type: string;
  readonly id?: string;
  readonly payload?: unknown;
}

/** An error of an `error` message's payload. */
export interface FrameError {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

/**
 * A raw graphql-transport-ws socket, as an attacker drives one: it sends whatever JSON it is told, with no client
 * library in between to check or pace it, and queues what the server answers, with a bounded wait for each.
 */
export class RawGraphQLSocket {
  private readonly received: ServerMessage[] = [];
  private wake: (() => void) | undefined;
  /** Settles when the server closes the socket, with its close code. */
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      this.received.push(JSON.parse((data as Buffer).toString()) as ServerMessage);
      this.wake?.();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code: number, reason: Buffer) => {
        resolve({ code, reason: reason.toString() });
        this.wake?.();
      });
    });
  }

  /** Opens a socket on `url` speaking graphql-transport-ws, not yet initialised. */
  static async open(url: string): Promise<RawGraphQLSocket> {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      }),
      WAIT_MS,
      'the socket to open',
    );
    return new RawGraphQLSocket(socket);
  }

  /** Opens a socket and initialises it with this Authorization value, up to the server's `connection_ack`. */
  static async initialised(url: string, authorization: string): Promise<RawGraphQLSocket> {
    const socket = await RawGraphQLSocket.open(url);
    socket.send({ type: 'connection_init', payload: { authorization } });
    const ack = await socket.next();
    if (ack.type !== 'connection_ack') throw new Error(`expected connection_ack, got ${JSON.stringify(ack)}`);
    return socket;
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables?: Record<string, unknown>): void {
    this.send({ type: 'subscribe', id, payload: { query, ...(variables && { variables }) } });
  }

  /** The next message the server sent; rejects after `timeoutMs`, or if the socket closed with none left. */
  async next(timeoutMs = WAIT_MS): Promise<ServerMessage> {
    const arrived = async (): Promise<ServerMessage> => {
      for (;;) {
        const message = this.received.shift();
        if (message) return message;
        if (this.socket.readyState === WebSocket.CLOSED) throw new Error('the socket closed');
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    };
    try {
      return await within(arrived(), timeoutMs, 'a message from the server');
    } finally {
      this.wake = undefined;
    }
  }

  /** The errors of the next message, which must be an `error` message for `id`. */
  async errorsFor(id: string): Promise<readonly FrameError[]> {
    const message = await this.next();
    if (message.type !== 'error' || message.id !== id) {
      throw new Error(`expected an error message for ${id}, got ${JSON.stringify(message)}`);
    }
    return message.payload as FrameError[];
  }

  /** What has arrived and not been taken yet. */
  get pending(): readonly ServerMessage[] {
    return [...this.received];
  }

  close(): void {
    this.socket.close();
  }
}

/** The extensions.code of each error. */
export function codesOf(errors: readonly FrameError[]): (string | undefined)[] {
  return errors.map((error) => error.extensions?.code);
}

/**
 * A test app listening on a free port for raw sockets: its /graphql WebSocket URL, a wait for subscriptions to be
 * registered, and the sockets opened through it, closed with it.
 */
export class SocketServer {
  private readonly sockets: RawGraphQLSocket[] = [];

  private constructor(
    readonly app: FastifyInstance,
    readonly url: string,
    private readonly staff: string,
    /** Resolves once this many subscriptions have been registered with the pubsub. */
    readonly registered: (count: number) => Promise<void>,
  ) {}

  static async start(options: TestAppOptions = {}): Promise<SocketServer> {
    const { app, authorization } = await buildTestApp(options);
    const registered = watchRegistrations(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;
    return new SocketServer(app, url, authorization ?? '', registered);
  }

  /** A socket initialised with a staff token. */
  async initialisedSocket(): Promise<RawGraphQLSocket> {
    return this.track(await RawGraphQLSocket.initialised(this.url, this.staff));
  }

  /** A socket opened and not yet initialised. */
  async openSocket(): Promise<RawGraphQLSocket> {
    return this.track(await RawGraphQLSocket.open(this.url));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.splice(0)) socket.close();
    await this.app.close();
  }

  private track(socket: RawGraphQLSocket): RawGraphQLSocket {
    this.sockets.push(socket);
    return socket;
  }
}
