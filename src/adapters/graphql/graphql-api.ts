import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import mercurius from 'mercurius';
import type { OrderEvent } from '../../domain/order-events.js';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { formatErrors } from './graphql-errors.js';
import { orderSchema } from './order-schema.js';
import { ORDER_UPDATED, orderResolvers } from './order-resolvers.js';

export interface GraphQLApiOptions {
  readonly useCases: OrderUseCases;
}

/** The GraphQL input adapter of SPEC §5 (mercurius): POST and GET /graphql, GraphiQL, subscriptions over graphql-ws. */
export const graphqlApi = fp<GraphQLApiOptions>(
  async (app: FastifyInstance, { useCases }) => {
    await app.register(mercurius, {
      schema: orderSchema,
      resolvers: orderResolvers(useCases),
      path: '/graphql',
      graphiql: true,
      subscription: true,
      errorFormatter: formatErrors,
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
