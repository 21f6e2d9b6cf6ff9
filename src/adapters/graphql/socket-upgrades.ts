import type { FastifyRequest, RouteOptions } from 'fastify';
import type { WebSocket } from 'ws';
import { closeUnlessInitialisedInTime } from './socket-init-deadline.js';
import { gateSubscriptions, type SubscriptionGateOptions } from './subscription-gate.js';

type SocketHandler = (this: unknown, socket: WebSocket, request: FastifyRequest) => unknown;

/**
 * An onRoute hook for the GraphQL route's WebSocket upgrades (its `wsHandler`, which mercurius serves): lets them
 * through the platform's bearer check, to authenticate on the socket by their `connection_init` message
 * (socket-authentication.ts), and puts the connection_init deadline and the subscription gate on every socket before
 * mercurius reads it. Added before mercurius registers, it runs before @fastify/websocket takes the handler.
 */
export function guardGraphQLSockets(gate: SubscriptionGateOptions) {
  return function guardSockets(route: RouteOptions & { wsHandler?: SocketHandler }): void {
    const serve = route.wsHandler;
    if (serve === undefined) return;
    route.config = { ...route.config, authentication: 'socket' } as RouteOptions['config'];
    route.wsHandler = function guarded(this: unknown, socket: WebSocket, request: FastifyRequest): unknown {
      closeUnlessInitialisedInTime(socket);
      gateSubscriptions(socket, request.log, gate);
      return serve.call(this, socket, request);
    };
  };
}
