import { ContainerModule } from 'inversify';
import { ORDER_NOTIFIER, type OrderNotifier } from '../../ports/outbound/order-notifier.js';
import { portKey } from '../../ports/port-key.js';
import { RETRY_SCHEDULE } from '../../ports/outbound/retry-schedule.js';
import { CircuitBreakerNotifier } from './circuit-breaker-notifier.js';
import { ExponentialRetrySchedule } from './exponential-retry-schedule.js';

/** Every configured notifier behind its own circuit breaker: what deliveries go through and readiness reports. */
export const NOTIFIER_CIRCUITS = portKey<readonly CircuitBreakerNotifier[]>('NotifierCircuits');

/** Backoff for failed deliveries, and a circuit breaker per notifier. */
export function resilienceModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(RETRY_SCHEDULE).toResolvedValue(() => new ExponentialRetrySchedule());
    // One breaker per notifier, so one peer's outage is contained to its own deliveries.
    bind(NOTIFIER_CIRCUITS).toResolvedValue(
      (notifiers: OrderNotifier[]) => notifiers.map((notifier) => new CircuitBreakerNotifier(notifier)),
      [{ serviceIdentifier: ORDER_NOTIFIER, isMultiple: true }],
    );
  });
}
