import 'reflect-metadata';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import { COMMITTED_EVENTS_BROADCAST, deliveryModule } from '../adapters/delivery/delivery-module.js';
import { graphqlModule } from '../adapters/graphql/graphql-module.js';
import { httpModule } from '../adapters/http/http-module.js';
import { KAFKA_INPUT_METRICS_REGISTRY, kafkaInputModule } from '../adapters/kafka-input/kafka-input-module.js';
import { observabilityModule, SERVICE_METRICS } from '../adapters/observability/observability-module.js';
import type { ServiceMetrics } from '../adapters/observability/service-metrics.js';
import { resilienceModule } from '../adapters/resilience/resilience-module.js';
import { restModule } from '../adapters/rest/rest-module.js';
import { systemModule } from '../adapters/system/system-module.js';
import { ORDER_UPDATES } from '../ports/inbound/order-updates.js';
import { COMMITTED_EVENTS_ELSEWHERE } from '../ports/outbound/committed-events.js';
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
  // After the repository: lifecycle hooks close in reverse, so commands stop before the repository closes.
  if (config.kafkaInput) {
    container.load(kafkaInputModule(config.kafkaInput, logger));
    container
      .bind(KAFKA_INPUT_METRICS_REGISTRY)
      .toResolvedValue((metrics: ServiceMetrics) => metrics.registry, [SERVICE_METRICS]);
  }
  // A repository with a way to other instances (PostgreSQL: LISTEN/NOTIFY) is told of every commit made here, and
  // live views hear every instance's changes from it; else they hear this process's own, from the broadcast. Never
  // both, or a change made here would reach them twice.
  if (container.isBound(COMMITTED_EVENTS_ELSEWHERE)) {
    container.onActivation(COMMITTED_EVENTS_BROADCAST, (context, broadcast) => {
      const elsewhere = context.get(COMMITTED_EVENTS_ELSEWHERE);
      broadcast.listen((events) => elsewhere.announce(events));
      return broadcast;
    });
  } else {
    container.bind(ORDER_UPDATES).toService(COMMITTED_EVENTS_BROADCAST);
  }
  return container;
}
