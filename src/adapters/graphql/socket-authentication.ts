import type { WebSocket } from 'ws';
import type { Actor } from '../../domain/model/actor.js';
import type { BearerAuthentication } from '../http/bearer-authentication.js';

/** graphql-ws' close code for a connection that did not authenticate (SPEC §9). */
const UNAUTHORIZED = 4401;
/** RFC 6455's "try again later": the identity provider's keys could not be fetched. */
const TRY_AGAIN_LATER = 1013;

/** What mercurius calls `onConnect` on: the connection of one socket. */
interface SocketConnection {
  readonly socket: WebSocket;
}

/**
 * mercurius's `onConnect` for GraphQL over WebSocket: authenticates the connection by the token in its
 * `connection_init` payload, `{"authorization": "Bearer …"}` (a browser cannot set headers on a WebSocket), and
 * gives every subscription of the connection its actor. mercurius would refuse with a close code of its own, so a
 * refused connection is closed here first, with graphql-ws' 4401; mercurius calls this as a method of the
 * connection, which is how it reaches the socket.
 */
export function authenticateSocket(authentication: BearerAuthentication) {
  return async function onConnect(
    this: SocketConnection | undefined,
    data: { readonly payload?: unknown },
  ): Promise<{ actor: Actor } | false> {
    let verdict;
    try {
      verdict = await authentication.actorFrom(authorizationIn(data.payload));
    } catch {
      this?.socket.close(TRY_AGAIN_LATER, 'The identity provider is unavailable');
      return false;
    }
    if (verdict.ok) return { actor: verdict.value };
    this?.socket.close(UNAUTHORIZED, 'Unauthorized');
    return false;
  };
}

/** The `authorization` of a `connection_init` payload; anything else has none. */
function authorizationIn(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const authorization: unknown = (payload as Record<string, unknown>).authorization;
  return typeof authorization === 'string' ? authorization : undefined;
}
