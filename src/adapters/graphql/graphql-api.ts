import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { specifiedRules } from 'graphql';
import mercurius from 'mercurius';
import type { OrderEvent } from '../../domain/model/order-events.js';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import type { BearerAuthentication } from '../http/bearer-authentication.js';
import { graphiqlPage } from './graphiql-page.js';
import { formatErrors } from './graphql-error-formatter.js';
import { graphqlRouteErrors } from './graphql-route-errors.js';
import { orderSchema } from './order-schema.js';
import { ORDER_UPDATED, orderResolvers } from './order-resolvers.js';
import { answerInAcceptedMediaType } from './graphql-media-type.js';
import { GraphQLRefusal } from './graphql-over-http.js';
import { guardGraphQLRequest } from './graphql-request-guard.js';
import { chargeMutationRootFields } from './mutation-rate-limit.js';
import { queryLimitRefusals, queryLimitRules } from './query-limits.js';
import { authenticateSocket } from './socket-authentication.js';
import { guardGraphQLSockets } from './socket-upgrades.js';
import { NoSubscriptionOverHttpRule } from './subscriptions-over-websocket.js';

export interface GraphQLApiOptions {
  readonly useCases: OrderUseCases;
  /** The platform's bearer authentication, for sockets, which authenticate by their first message. */
  readonly authentication: BearerAuthentication;
  /** GRAPHQL_MAX_COST: the largest cost a document may have (SPEC §5). */
  readonly maxCost: number;
}

/**
 * The GraphQL input adapter of SPEC §5 (mercurius): POST and GET /graphql, GraphiQL, subscriptions over graphql-ws.
 * The abuse limits of SPEC §5 are checked before validation, so a refused document never executes. It registers
 * onto the HTTP platform (src/adapters/http), which gives /graphql its request id, headers, rate limit and body limit; it is
 * not encapsulated so that `app.graphql` (the schema, pubsub and hooks) stays reachable from the server.
 */
export const graphqlApi = fp<GraphQLApiOptions>(
  async (app: FastifyInstance, { useCases, authentication, maxCost }) => {
    // On /graphql's own routes: hooks of the whole server would run on every REST request too.
    app.addHook('onRoute', (route) => {
      if (route.url !== '/graphql') return;
      route.preHandler = [...[route.preHandler ?? []].flat(), guardGraphQLRequest, answerInAcceptedMediaType];
    });
    // Sockets are held to what HTTP requests are: the same rules, and the limits of a connection (SPEC §5).
    const limits = queryLimitRules(maxCost);
    const stages = [limits, specifiedRules];
    app.addHook('onRoute', guardGraphQLSockets({ schema: () => app.graphql.schema, stages }));
    await app.register(mercurius, {
      schema: orderSchema,
      resolvers: orderResolvers(useCases),
      path: '/graphql',
      // GraphiQL is served by graphiqlPage, from this server: mercurius's own page loads it from a CDN.
      graphiql: false,
      // A document is compiled (graphql-jit) once it has run: a page of 100 orders of 100 lines then takes a third of
      // the event loop's time it would otherwise (npm run bench:liveness).
      jit: 1,
      // Over HTTP the platform authenticated the request before its body was read (guardGraphQLRequest refuses one
      // that claimed to be a WebSocket upgrade and was not, so has no actor). It must not throw: mercurius builds
      // this context to answer errors too.
      context: (request) => ({ actor: request.actor }),
      subscription: { onConnect: authenticateSocket(authentication) },
      errorHandler: graphqlRouteErrors(app),
      errorFormatter: formatErrors,
      validationRules: [NoSubscriptionOverHttpRule],
    });
    await app.register(graphiqlPage);
    // The limits before graphql-js' specified rules, which mercurius runs next: some of those grow with the square of
    // a document's size, so they read only documents within the limits.
    app.graphql.addHook('preValidation', (schema, document) => {
      const refusals = queryLimitRefusals(schema, document, limits);
      if (refusals.length === 0) return;
      throw new GraphQLRefusal(
        'graphql',
        refusals.map((refusal) => refusal.toJSON()),
      );
    });
    app.graphql.addHook('preExecution', chargeMutationRootFields);
  },
  { name: 'graphql-api' },
);

/** Feeds committed events to `orderUpdated` subscribers. */
export async function publishOrderUpdates(app: FastifyInstance, events: readonly OrderEvent[]): Promise<void> {
  for (const event of events) {
    await new Promise<void>((resolve) => {
      app.graphql.pubsub.publish({ topic: ORDER_UPDATED, payload: { orderUpdated: event.order } }, resolve);
    });
  }
}
