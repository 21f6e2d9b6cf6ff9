import { ContainerModule } from 'inversify';
import { ORDER_UPDATES, type OrderUpdates } from '../../ports/inbound/order-updates.js';
import { ORDER_USE_CASES, type OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import type { BearerAuthentication } from '../http/bearer-authentication.js';
import { BEARER_AUTHENTICATION } from '../http/http-module.js';
import { HTTP_PLUGIN } from '../http/http-plugin.js';
import { graphqlApi, publishOrderUpdates } from './graphql-api.js';
import type { GraphQLConfig } from './graphql-config.js';

/** The GraphQL API of SPEC §5, added to the HTTP server, its subscriptions fed by every committed change. */
export function graphqlModule({ maxCost }: GraphQLConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(HTTP_PLUGIN).toResolvedValue(
      (useCases: OrderUseCases, updates: OrderUpdates, authentication: BearerAuthentication) => async (server) => {
        await server.register(graphqlApi, { useCases, authentication, maxCost });
        updates.listen((events) => publishOrderUpdates(server, events));
      },
      [ORDER_USE_CASES, ORDER_UPDATES, BEARER_AUTHENTICATION],
    );
  });
}
