import 'reflect-metadata';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import { deliveryModule } from '../adapters/delivery/delivery-module.js';
import { graphqlModule } from '../adapters/graphql/graphql-module.js';
import { httpModule } from '../adapters/http/http-module.js';
import { observabilityModule } from '../adapters/observability/observability-module.js';
import { resilienceModule } from '../adapters/resilience/resilience-module.js';
import { restModule } from '../adapters/rest/rest-module.js';
import { systemModule } from '../adapters/system/system-module.js';
import type { AppConfig } from './config.js';
import { eventDeliveryModule } from './event-delivery.js';
import { LOGGER, SERVICE_CONFIG } from './root-keys.js';
import { serverPartsModule } from './server-parts.js';
import { useCasesModule } from './use-cases-module.js';

/**
 * Loads the modules the configuration names and nothing else: one repository, the chosen notifiers, and the
 * adapters every instance has. The server registers the input adapters in the order they load here, an order
 * that changes nothing: the HTTP platform, registered before them, gives every route the same hooks and handlers.
 */
export function buildContainer(config: AppConfig, logger: Logger): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(LOGGER).toConstantValue(logger);
  container.bind(SERVICE_CONFIG).toConstantValue(config.service);
  container.load(
    config.repository.module(logger),
    ...config.notifiers.map((notifier) => notifier.module(logger)),
    systemModule(),
    httpModule(config.authentication, logger),
    resilienceModule(),
    observabilityModule(logger),
    restModule(),
    graphqlModule(config.graphql),
    useCasesModule(config.service.tracing),
    deliveryModule(logger),
    eventDeliveryModule(config.service.tracing),
    serverPartsModule(),
  );
  return container;
}
