import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { ORDER_NOTIFIER, type OrderNotifier } from '../../ports/outbound/order-notifier.js';
import { ORDER_OUTBOX, type OrderOutbox } from '../../ports/outbound/order-outbox.js';
import { portKey } from '../../ports/port-key.js';
import { ServiceMetrics } from './service-metrics.js';

/** The Prometheus metrics the HTTP server observes requests into and serves at /metrics. */
export const SERVICE_METRICS = portKey<ServiceMetrics>('ServiceMetrics');

/** The service's Prometheus metrics. */
export function observabilityModule(logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    // One registry per container, so that apps built side by side (tests) never share counts.
    bind(SERVICE_METRICS).toResolvedValue(
      (outbox: OrderOutbox, notifiers: OrderNotifier[]) =>
        new ServiceMetrics({
          outbox,
          notifiers: notifiers.map((notifier) => notifier.name),
          logger: logger.child({ component: 'metrics' }),
        }),
      [ORDER_OUTBOX, { serviceIdentifier: ORDER_NOTIFIER, isMultiple: true }],
    );
  });
}
