import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ORDER_USE_CASES, type OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { DEPENDENCY_CHECK } from '../../ports/outbound/dependency-check.js';
import { LIFECYCLE_HOOK } from '../../ports/outbound/lifecycle-hook.js';
import { portKey } from '../../ports/port-key.js';
import type { KafkaInputConfig } from './kafka-input-config.js';
import { ConsumerReadiness } from './consumer-readiness.js';
import { KafkaInputConsumer } from './kafka-input-consumer.js';
import { KafkaInputMetrics } from './kafka-input-metrics.js';

/** The Prometheus registry this adapter's metrics join: bound by the composition root to the one /metrics serves. */
export const KAFKA_INPUT_METRICS_REGISTRY = portKey<Registry>('KafkaInputMetricsRegistry');

const CONSUMER = portKey<KafkaInputConsumer>('KafkaInputConsumer');
const READINESS = portKey<ConsumerReadiness>('KafkaInputReadiness');

/**
 * Applies the commands of a Kafka topic through the same use cases as REST and GraphQL (SPEC §11): opened and closed
 * with the service, reported in readiness.
 */
export function kafkaInputModule(config: KafkaInputConfig, logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(READINESS).toResolvedValue(() => new ConsumerReadiness());
    bind(CONSUMER).toResolvedValue(
      (useCases: OrderUseCases, registry: Registry, readiness: ConsumerReadiness) =>
        new KafkaInputConsumer({
          config,
          useCases,
          metrics: new KafkaInputMetrics(registry),
          readiness,
          logger: logger.child({ component: 'kafka-input' }),
        }),
      [ORDER_USE_CASES, KAFKA_INPUT_METRICS_REGISTRY, READINESS],
    );
    bind(LIFECYCLE_HOOK).toService(CONSUMER);
    bind(DEPENDENCY_CHECK).toService(READINESS);
  });
}
