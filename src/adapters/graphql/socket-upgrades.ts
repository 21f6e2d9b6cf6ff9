import type { RouteOptions } from 'fastify';

/**
 * An onRoute hook: a WebSocket upgrade of the GraphQL route is let through the platform's bearer check, to
 * authenticate on its socket by its `connection_init` message (socket-authentication.ts).
 */
export function authenticateSocketsOnTheirFirstMessage(route: RouteOptions & { wsHandler?: unknown }): void {
  if (route.wsHandler === undefined) return;
  route.config = { ...route.config, authentication: 'socket' } as RouteOptions['config'];
}
