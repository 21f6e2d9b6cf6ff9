import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { ORDER_NOTIFIER } from '../../ports/outbound/order-notifier.js';
import type { KafkaConfig } from './kafka-config.js';
import { KafkaNotifier } from './kafka-notifier.js';

/** Publishes order events to a Kafka topic. */
export function kafkaModule(config: KafkaConfig, logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ORDER_NOTIFIER).toResolvedValue(
      () =>
        new KafkaNotifier({
          brokers: config.brokers,
          topic: config.topic,
          logger: logger.child({ notifier: 'kafka' }),
        }),
    );
  });
}
