import type { FastifyInstance, RouteOptions } from 'fastify';
import { graphqlRouteErrors } from './graphql-route-errors.js';

/**
 * An onRoute hook for the routes mercurius declares on /graphql: what fails before a document runs, the platform's
 * bearer check included, is answered in GraphQL's shape; and a WebSocket upgrade is let through to authenticate on
 * its socket, by its `connection_init` message.
 */
export function graphqlRoutes(app: FastifyInstance) {
  const errorHandler = graphqlRouteErrors(app);
  return (route: RouteOptions & { wsHandler?: unknown }): void => {
    if (route.url !== '/graphql') return;
    route.errorHandler = errorHandler;
    if (route.wsHandler !== undefined) {
      route.config = { ...route.config, authentication: 'socket' } as RouteOptions['config'];
    }
  };
}
