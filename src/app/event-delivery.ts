import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import type { CommittedEventsBroadcast } from '../adapters/delivery/committed-events-broadcast.js';
import { COMMITTED_EVENTS_BROADCAST } from '../adapters/delivery/delivery-module.js';
import { DeliveryLoop } from '../adapters/delivery/delivery-loop.js';
import { DeliveryLog } from '../adapters/observability/delivery-log.js';
import type { ServiceMetrics } from '../adapters/observability/service-metrics.js';
import type { CircuitBreakerNotifier } from '../adapters/resilience/circuit-breaker-notifier.js';
import { NOTIFIER_CIRCUITS } from '../adapters/resilience/resilience-module.js';
import { DeliverOrderEvents } from '../domain/use-cases/deliver-order-events/deliver-order-events.js';
import type { DeliverOrderEventsUseCase } from '../ports/inbound/deliver-order-events-use-case.js';
import { ORDER_UPDATES, type OrderUpdates } from '../ports/inbound/order-updates.js';
import { CLOCK, type Clock } from '../ports/outbound/clock.js';
import { ORDER_OUTBOX, type OrderOutbox } from '../ports/outbound/order-outbox.js';
import { RETRY_SCHEDULE, type RetrySchedule } from '../ports/outbound/retry-schedule.js';
import { portKey } from '../ports/port-key.js';
import { deliveryBatchSizeOf } from './delivery-batch-sizes.js';
import { detachedDelivery, TracedNotifier } from './traced-delivery.js';

/** How often each delivery loop looks for retries that have come due; commits wake it at once. */
const DELIVERY_INTERVAL_MS = 500;

/** The parts of the event path, resolved at start with everything else. */
export interface EventPath {
  readonly broadcast: CommittedEventsBroadcast;
  /** The changes committed by every instance where the repository has a way to hear them; else the broadcast. */
  readonly updates: OrderUpdates;
  readonly deliveries: readonly DeliverOrderEventsUseCase[];
  readonly notifiers: readonly CircuitBreakerNotifier[];
}

export const EVENT_PATH = portKey<EventPath>('EventPath');

/**
 * One DeliverOrderEvents per notifier circuit: the core's delivery use case, built here as the core carries no
 * decorators. `traced`: each batch handed to a notifier is a span linked to its events' traces (SPEC §10).
 */
export function eventDeliveryModule(traced: boolean): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(EVENT_PATH).toResolvedValue(
      (
        broadcast: CommittedEventsBroadcast,
        updates: OrderUpdates,
        outbox: OrderOutbox,
        notifiers: readonly CircuitBreakerNotifier[],
        schedule: RetrySchedule,
        clock: Clock,
      ) => ({
        broadcast,
        updates,
        deliveries: notifiers.map((notifier) => {
          const size = deliveryBatchSizeOf(notifier.name);
          if (!traced) return new DeliverOrderEvents(outbox, notifier, schedule, clock, size);
          return detachedDelivery(new DeliverOrderEvents(outbox, new TracedNotifier(notifier), schedule, clock, size));
        }),
        notifiers,
      }),
      [COMMITTED_EVENTS_BROADCAST, ORDER_UPDATES, ORDER_OUTBOX, NOTIFIER_CIRCUITS, RETRY_SCHEDULE, CLOCK],
    );
  });
}

/** Starts and stops the delivery loops with the server. */
export interface EventDelivery {
  start(): void;
  /** Resolves once the batches in flight are recorded and the notifiers closed. */
  stop(): Promise<void>;
}

/**
 * Feeds committed events to the metrics, and drives one delivery loop per notifier (unless
 * this instance leaves delivery to another: OUTBOX_RELAY=false).
 */
export function wireEventDelivery(
  { broadcast, updates, deliveries, notifiers }: EventPath,
  metrics: ServiceMetrics,
  deliversEvents: boolean,
  logger: Logger,
): EventDelivery {
  const deliveryLog = new DeliveryLog(logger.child({ component: 'delivery' }));
  const loops = deliveries.map(
    (delivery) =>
      new DeliveryLoop(delivery, {
        intervalMs: DELIVERY_INTERVAL_MS,
        logger: logger.child({ notifier: delivery.notifier }),
        onRecorded: (notifier, records) => {
          deliveryLog.recorded(notifier, records);
          metrics.recorded(notifier, records);
        },
      }),
  );
  if (deliversEvents) {
    for (const loop of loops) broadcast.listen(async () => loop.wake());
    // Hearing every instance's commits (PostgreSQL), the relay wakes for theirs too: an instance that only takes
    // requests (OUTBOX_RELAY=false) leaves its events to this one, which then need not wait for its timer.
    if (updates !== broadcast) for (const loop of loops) updates.listen(async () => loop.wake());
  }
  broadcast.listen(async (events) => metrics.countCommitted(events));
  return {
    start: () => {
      if (!deliversEvents) {
        logger.info('OUTBOX_RELAY=false: events stay in the outbox for an instance that delivers them');
        return;
      }
      for (const loop of loops) loop.start();
    },
    stop: async () => {
      await Promise.allSettled(loops.map((loop) => loop.stop()));
      await Promise.allSettled(notifiers.map((notifier) => notifier.close()));
    },
  };
}
