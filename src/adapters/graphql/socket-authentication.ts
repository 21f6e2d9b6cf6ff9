import type { FastifyInstance } from 'fastify';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Actor } from '../../domain/model/actor.js';
import type { Result } from '../../domain/model/result.js';
import type { AuthenticationFailure, BearerAuthentication } from '../http/bearer-authentication.js';

/** graphql-ws' close code for a connection that did not authenticate (SPEC §9). */
const UNAUTHORIZED = 4401;
/** RFC 6455's "try again later": the identity provider's keys could not be fetched. */
const TRY_AGAIN_LATER = 1013;

type Verdict = Result<Actor, AuthenticationFailure> | 'unavailable';

/**
 * Authenticates each GraphQL WebSocket by the token in its first message, `connection_init` with payload
 * `{"authorization": "Bearer …"}`: a browser cannot set headers on a WebSocket. mercurius's own `onConnect` can
 * only refuse with a close code of its choosing, so the verdict is reached here, from the socket's first message,
 * and `contextOf` (mercurius's subscription context, built when that message is handled) closes the socket with
 * 4401 or hands the actor to every subscription of the connection.
 */
export class SocketAuthentication {
  private readonly verdicts = new WeakMap<WebSocket, Promise<Verdict>>();

  constructor(private readonly authentication: BearerAuthentication) {}

  /** Listens for each new socket's first message; call once mercurius has added the WebSocket server. */
  watch(app: FastifyInstance): void {
    // Decorated by @fastify/websocket, which mercurius registers; typed here so as not to depend on it directly.
    const { websocketServer } = app as FastifyInstance & { websocketServer: WebSocketServer };
    websocketServer.on('connection', (socket: WebSocket) => {
      socket.once('message', (data: Buffer) => this.verdicts.set(socket, this.verify(data)));
    });
  }

  /** The subscription context of a connection whose `connection_init` arrived: its actor, or closed. */
  async contextOf(socket: WebSocket): Promise<{ actor: Actor | null }> {
    const verdict = (await this.verdicts.get(socket)) ?? 'unavailable';
    if (verdict === 'unavailable') {
      socket.close(TRY_AGAIN_LATER, 'The identity provider is unavailable');
      return { actor: null };
    }
    if (!verdict.ok) {
      socket.close(UNAUTHORIZED, 'Unauthorized');
      return { actor: null };
    }
    return { actor: verdict.value };
  }

  private async verify(data: Buffer): Promise<Verdict> {
    try {
      return await this.authentication.actorFrom(authorizationIn(data));
    } catch {
      return 'unavailable';
    }
  }
}

/** The `authorization` of a `connection_init` payload; anything else has none. */
function authorizationIn(data: Buffer): string | undefined {
  let message: unknown;
  try {
    message = JSON.parse(data.toString());
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  if (type !== 'connection_init' || typeof payload !== 'object' || payload === null) return undefined;
  const authorization: unknown = (payload as Record<string, unknown>).authorization;
  return typeof authorization === 'string' ? authorization : undefined;
}
