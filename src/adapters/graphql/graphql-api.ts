import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import mercurius from 'mercurius';
import type { OrderEvent } from '../../domain/model/order-events.js';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import type { BearerAuthentication } from '../http/bearer-authentication.js';
import { applyGraphiQLPolicy } from './graphiql-csp.js';
import { formatErrors } from './graphql-error-formatter.js';
import { graphqlRouteErrors } from './graphql-route-errors.js';
import { orderSchema } from './order-schema.js';
import { ORDER_UPDATED, orderResolvers } from './order-resolvers.js';
import { answerInAcceptedMediaType } from './graphql-media-type.js';
import { guardGraphQLRequest } from './graphql-request-guard.js';
import { chargeMutationRootFields } from './mutation-rate-limit.js';
import { QUERY_LIMIT_RULES, queryLimitRefusals } from './query-limits.js';
import { authenticateSocket } from './socket-authentication.js';
import { authenticateSocketsOnTheirFirstMessage } from './socket-upgrades.js';
import { NoSubscriptionOverHttpRule } from './subscriptions-over-websocket.js';

export interface GraphQLApiOptions {
  readonly useCases: OrderUseCases;
  /** The platform's bearer authentication, for sockets, which authenticate by their first message. */
  readonly authentication: BearerAuthentication;
}

/**
 * The GraphQL input adapter of SPEC §5 (mercurius): POST and GET /graphql, GraphiQL, subscriptions over graphql-ws.
 * The abuse limits of SPEC §5 are validation rules, so a refused document never executes. It registers onto the
 * HTTP platform (src/adapters/http), which gives /graphql its request id, headers, rate limit and body limit; it is
 * not encapsulated so that `app.graphql` (the schema, pubsub and hooks) stays reachable from the server.
 */
export const graphqlApi = fp<GraphQLApiOptions>(
  async (app: FastifyInstance, { useCases, authentication }) => {
    app.addHook('onRoute', applyGraphiQLPolicy);
    app.addHook('onRoute', authenticateSocketsOnTheirFirstMessage);
    await app.register(mercurius, {
      schema: orderSchema,
      resolvers: orderResolvers(useCases),
      path: '/graphql',
      graphiql: true,
      // Over HTTP the platform authenticated the request before its body was read (guardGraphQLRequest refuses one
      // that claimed to be a WebSocket upgrade and was not, so has no actor). It must not throw: mercurius builds
      // this context to answer errors too.
      context: (request) => ({ actor: request.actor }),
      subscription: { onConnect: authenticateSocket(authentication) },
      errorHandler: graphqlRouteErrors(app),
      errorFormatter: formatErrors,
      validationRules: [...QUERY_LIMIT_RULES, NoSubscriptionOverHttpRule],
    });
    app.addHook('preHandler', guardGraphQLRequest);
    app.addHook('preHandler', answerInAcceptedMediaType);
    app.graphql.addHook('preExecution', chargeMutationRootFields);
    // mercurius validates queries and mutations only; a subscription over WebSocket is held to the same limits.
    app.graphql.addHook('preSubscriptionExecution', (_schema, document) => {
      const [refusal] = queryLimitRefusals(document);
      if (refusal) throw refusal;
    });
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
