import type { FastifyInstance } from 'fastify';
import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { publishOrderUpdates } from '../adapters/graphql/graphql-api.js';
import { SERVICE_METRICS } from '../adapters/observability/observability-module.js';
import type { ServiceMetrics } from '../adapters/observability/service-metrics.js';
import type { CircuitBreakerNotifier } from '../adapters/resilience/circuit-breaker-notifier.js';
import { NOTIFIER_CIRCUITS } from '../adapters/resilience/resilience-module.js';
import { RelayOrderEvents } from '../domain/use-cases/relay-order-events.js';
import type { RelayOrderEventsUseCase } from '../ports/inbound/relay-order-events-use-case.js';
import { CLOCK, type Clock } from '../ports/outbound/clock.js';
import { DELIVERY_OBSERVER, type DeliveryObserver } from '../ports/outbound/delivery-observer.js';
import { ORDER_EVENT_PUBLISHER } from '../ports/outbound/order-event-publisher.js';
import { ORDER_OUTBOX, type OrderOutbox } from '../ports/outbound/order-outbox.js';
import { RETRY_SCHEDULE, type RetrySchedule } from '../ports/outbound/retry-schedule.js';
import { portKey } from '../ports/port-key.js';
import { RelayLoop } from './relay-loop.js';
import { WakeRelaysAfterCommit } from './wake-relays-after-commit.js';

/** Events one relay claims at a time: large enough to batch, small enough to keep each claim's transaction short. */
const RELAY_BATCH_SIZE = 100;
/** How often each relay looks for deliveries whose retry has come due; commits wake it at once. */
const RELAY_INTERVAL_MS = 500;

/** The parts of the event path, resolved at start with everything else. */
export interface EventPath {
  readonly afterCommit: WakeRelaysAfterCommit;
  readonly relays: readonly RelayOrderEventsUseCase[];
  readonly notifiers: readonly CircuitBreakerNotifier[];
  readonly metrics: ServiceMetrics;
}

export const EVENT_PATH = portKey<EventPath>('EventPath');
const WAKE_RELAYS = portKey<WakeRelaysAfterCommit>('WakeRelaysAfterCommit');

/** After a commit, wake one relay per notifier; each delivers from the outbox through the notifier's breaker. */
export function eventDeliveryModule(logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(WAKE_RELAYS).toResolvedValue(() => new WakeRelaysAfterCommit(logger));
    bind(ORDER_EVENT_PUBLISHER).toService(WAKE_RELAYS);
    bind(EVENT_PATH).toResolvedValue(
      (
        afterCommit: WakeRelaysAfterCommit,
        outbox: OrderOutbox,
        notifiers: readonly CircuitBreakerNotifier[],
        schedule: RetrySchedule,
        clock: Clock,
        observer: DeliveryObserver,
        metrics: ServiceMetrics,
      ) => ({
        afterCommit,
        relays: notifiers.map(
          (notifier) => new RelayOrderEvents(outbox, notifier, schedule, clock, RELAY_BATCH_SIZE, observer),
        ),
        notifiers,
        metrics,
      }),
      [WAKE_RELAYS, ORDER_OUTBOX, NOTIFIER_CIRCUITS, RETRY_SCHEDULE, CLOCK, DELIVERY_OBSERVER, SERVICE_METRICS],
    );
  });
}

/** Starts and stops the relays with the server. */
export interface EventDelivery {
  start(): void;
  /** Resolves once the batches in flight are recorded and the notifiers closed. */
  stop(): Promise<void>;
}

/**
 * Feeds committed events to GraphQL subscribers and the metrics, and drives one relay loop per notifier (unless
 * this instance does not relay: OUTBOX_RELAY=false).
 */
export function wireEventDelivery(
  app: FastifyInstance,
  { afterCommit, relays, notifiers, metrics }: EventPath,
  outboxRelay: boolean,
  logger: Logger,
): EventDelivery {
  afterCommit.onCommitted((events) => publishOrderUpdates(app, events));
  afterCommit.onCommitted(async (events) => metrics.countCommitted(events));
  const loops = relays.map(
    (relay) => new RelayLoop(relay, logger.child({ notifier: relay.notifier }), RELAY_INTERVAL_MS),
  );
  if (outboxRelay) for (const loop of loops) afterCommit.addRelay(loop);
  return {
    start: () => {
      if (!outboxRelay) {
        logger.info('OUTBOX_RELAY=false: events stay in the outbox for a relaying instance');
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
