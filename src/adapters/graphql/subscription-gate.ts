import type { FastifyBaseLogger } from 'fastify';
import { GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { RawData, WebSocket } from 'ws';
import type { ProblemCode } from '../http/problem-catalogue.js';
import { socketMessageOf, type SocketMessage } from './socket-messages.js';
import { refusalsOf } from './subscription-admission.js';

/** How many subscriptions one connection may hold at once (SPEC §5). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 10;

/** graphql-ws' close codes for a message that breaks the protocol, and for a second subscription under one id. */
const INVALID_MESSAGE = 4400;
const SUBSCRIBER_ALREADY_EXISTS = 4409;

/** The messages that start and stop a subscription, in each subprotocol mercurius speaks. */
const VOCABULARIES: Readonly<Record<string, { readonly start: string; readonly stop: string }>> = {
  'graphql-transport-ws': { start: 'subscribe', stop: 'complete' },
  'graphql-ws': { start: 'start', stop: 'stop' },
};

export interface SubscriptionGateOptions {
  /** The schema subscriptions run against (mercurius builds it when it registers). */
  readonly schema: () => GraphQLSchema;
  /**
   * The rules a subscription document must pass, in stages: the abuse limits, then graphql-js' specified rules, which
   * run only on a document within the limits (some of them grow with the square of its size).
   */
  readonly stages: readonly (readonly ValidationRule[])[];
}

/**
 * Stands between a socket and mercurius, which reads the socket's `message` events: a message that starts a
 * subscription reaches mercurius only if the subscription may start; otherwise the gate answers it with an `error`
 * message whose errors carry `extensions.code`, and nothing runs. mercurius validates nothing that arrives over a
 * socket and has no hook that sees a subscription's variables before it runs, hence a gate in front of it.
 *
 * A subscription may start if its id is not in use on the connection (graphql-ws closes with 4409 otherwise), the
 * connection holds fewer than MAX_SUBSCRIPTIONS_PER_CONNECTION (QUERY_TOO_COMPLEX otherwise), and its document and
 * variables pass `refusalsOf`. It holds its place until the client completes it or the connection closes: the
 * order stream it reads never ends by itself.
 */
export function gateSubscriptions(socket: WebSocket, log: FastifyBaseLogger, options: SubscriptionGateOptions): void {
  const vocabulary = VOCABULARIES[socket.protocol];
  if (!vocabulary) return; // mercurius closes a socket of any other subprotocol before reading it
  const active = new Set<string>();
  let initialised = false;

  /** Whether mercurius may read the message; if not, it has been answered. */
  const admits = (message: SocketMessage): boolean => {
    const { id } = message;
    // graphql-transport-ws defines no `extensions` beside the payload; mercurius would read one as a second login.
    if (typeof id !== 'string' || id.length === 0 || message.extensions !== undefined) {
      socket.close(INVALID_MESSAGE, 'Invalid message received');
      return false;
    }
    if (active.has(id)) {
      socket.close(SUBSCRIBER_ALREADY_EXISTS, `Subscriber for ${id} already exists`);
      return false;
    }
    const refusals =
      active.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION
        ? [tooMany()]
        : refusalsOf(options.schema(), options.stages, message.payload);
    if (refusals.length > 0) {
      // The client's mistake, or its attack: worth a line, not an alarm.
      log.info({ subscriptionId: id, codes: refusals.map((error) => error.extensions.code) }, 'subscription refused');
      socket.send(JSON.stringify({ type: 'error', id, payload: refusals.map((error) => error.toJSON()) }));
      return false;
    }
    active.add(id);
    return true;
  };

  const deliver = socket.emit.bind(socket);
  socket.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event !== 'message') return deliver(event, ...args);
    const message = socketMessageOf(args[0] as RawData);
    if (message?.type === 'connection_init') initialised = true;
    // Before connection_init, mercurius refuses a subscription and closes the socket; nothing is answered for it.
    if (message?.type === vocabulary.start && initialised && !admits(message)) return true;
    if (message?.type === vocabulary.stop && typeof message.id === 'string') active.delete(message.id);
    return deliver(event, ...args);
  };
}

function tooMany(): GraphQLError {
  const code: ProblemCode = 'QUERY_TOO_COMPLEX';
  return new GraphQLError(
    `A connection holds at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions at once; complete one first`,
    { extensions: { code } },
  );
}
