import { ContainerModule } from 'inversify';
import { ORDER_USE_CASES, type OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { HTTP_PLUGIN } from '../http/http-plugin.js';
import { restApi } from './rest-api.js';

/** The REST API of SPEC §4, added to the HTTP server. */
export function restModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(HTTP_PLUGIN).toResolvedValue(
      (useCases: OrderUseCases) => async (server) => {
        await server.register(restApi, { useCases });
      },
      [ORDER_USE_CASES],
    );
  });
}
