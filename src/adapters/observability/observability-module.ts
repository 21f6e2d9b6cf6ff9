import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { DELIVERY_OBSERVER } from '../../ports/outbound/delivery-observer.js';
import { ORDER_NOTIFIER, type OrderNotifier } from '../../ports/outbound/order-notifier.js';
import { ORDER_OUTBOX, type OrderOutbox } from '../../ports/outbound/order-outbox.js';
import { portKey } from '../../ports/port-key.js';
import { FanOutDeliveryObserver } from './fan-out-delivery-observer.js';
import { LogDeliveryObserver } from './log-delivery-observer.js';
import { ServiceMetrics } from './service-metrics.js';

/** The Prometheus metrics the HTTP server observes requests into and serves at /metrics. */
export const SERVICE_METRICS = portKey<ServiceMetrics>('ServiceMetrics');

/** Metrics, and the log and metrics that hear each delivery decision. */
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
    bind(DELIVERY_OBSERVER).toResolvedValue(
      (metrics: ServiceMetrics) => {
        const relayLogger = logger.child({ component: 'relay' });
        return new FanOutDeliveryObserver([new LogDeliveryObserver(relayLogger), metrics], relayLogger);
      },
      [SERVICE_METRICS],
    );
  });
}
