import { ContainerModule } from 'inversify';
import { ORDER_USE_CASES, type OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { HTTP_PLUGIN } from '../http/http-plugin.js';
import { graphqlApi } from './graphql-api.js';

/** The GraphQL API of SPEC §5, added to the HTTP server. */
export function graphqlModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(HTTP_PLUGIN).toResolvedValue(
      (useCases: OrderUseCases) => async (server) => {
        await server.register(graphqlApi, { useCases });
      },
      [ORDER_USE_CASES],
    );
  });
}
