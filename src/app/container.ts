import 'reflect-metadata';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import { EmailNotifier } from '../adapters/email/email-notifier.js';
import { KafkaNotifier } from '../adapters/kafka/kafka-notifier.js';
import { MemoryIdempotencyStore } from '../adapters/memory/memory-idempotency-store.js';
import { MemoryOrderOutbox } from '../adapters/memory/memory-order-outbox.js';
import { MemoryOrderRepository } from '../adapters/memory/memory-order-repository.js';
import { PostgresDatabase } from '../adapters/postgres/postgres-database.js';
import { PostgresIdempotencyStore } from '../adapters/postgres/postgres-idempotency-store.js';
import { PostgresOrderOutbox } from '../adapters/postgres/postgres-order-outbox.js';
import { PostgresOrderRepository } from '../adapters/postgres/postgres-order-repository.js';
import { FanOutDeliveryObserver } from '../adapters/observability/fan-out-delivery-observer.js';
import { LogDeliveryObserver } from '../adapters/observability/log-delivery-observer.js';
import { ServiceMetrics } from '../adapters/observability/service-metrics.js';
import { CircuitBreakerNotifier } from '../adapters/resilience/circuit-breaker-notifier.js';
import { ExponentialRetrySchedule } from '../adapters/resilience/exponential-retry-schedule.js';
import { RandomIdGenerator } from '../adapters/system/random-id-generator.js';
import { SystemClock } from '../adapters/system/system-clock.js';
import { CancelOrder } from '../domain/use-cases/cancel-order/cancel-order.js';
import { CheckReadiness } from '../domain/use-cases/check-readiness/check-readiness.js';
import { ConfirmOrder } from '../domain/use-cases/confirm-order/confirm-order.js';
import { DeliverOrder } from '../domain/use-cases/deliver-order/deliver-order.js';
import { GetOrder } from '../domain/use-cases/get-order/get-order.js';
import { ListOrders } from '../domain/use-cases/list-orders/list-orders.js';
import { PlaceOrder } from '../domain/use-cases/place-order/place-order.js';
import { ShipOrder } from '../domain/use-cases/ship-order/ship-order.js';
import { RelayOrderEvents } from '../domain/use-cases/relay-order-events.js';
import type { OrderUseCases } from '../ports/inbound/order-use-cases.js';
import type { RelayOrderEventsUseCase } from '../ports/inbound/relay-order-events-use-case.js';
import type { Clock } from '../ports/outbound/clock.js';
import type { DependencyCheck } from '../ports/outbound/dependency-check.js';
import type { IdGenerator } from '../ports/outbound/id-generator.js';
import type { IdempotencyStore } from '../ports/outbound/idempotency-store.js';
import type { OrderNotifier } from '../ports/outbound/order-notifier.js';
import type { OrderOutbox } from '../ports/outbound/order-outbox.js';
import type { OrderRepository } from '../ports/outbound/order-repository.js';
import type { RetrySchedule } from '../ports/outbound/retry-schedule.js';
import type { AppConfig, NotifierName, RepositoryName } from './config.js';
import { WakeRelaysAfterCommit } from './wake-relays-after-commit.js';

export const TOKENS = {
  Config: Symbol.for('Config'),
  Logger: Symbol.for('Logger'),
  Clock: Symbol.for('Clock'),
  IdGenerator: Symbol.for('IdGenerator'),
  Storage: Symbol.for('Storage'),
  OrderRepository: Symbol.for('OrderRepository'),
  OrderOutbox: Symbol.for('OrderOutbox'),
  OrderNotifier: Symbol.for('OrderNotifier'),
  RetrySchedule: Symbol.for('RetrySchedule'),
  DependencyChecks: Symbol.for('DependencyChecks'),
  EventPublisher: Symbol.for('EventPublisher'),
  Relays: Symbol.for('Relays'),
  Metrics: Symbol.for('Metrics'),
  UseCases: Symbol.for('UseCases'),
} as const;

type Notifier = OrderNotifier & DependencyCheck;

/** Events one relay claims at a time: large enough to batch, small enough to keep each claim's transaction short. */
const RELAY_BATCH_SIZE = 100;

/** Where orders and their outbox live, with what it takes to open and close it. */
export interface Storage {
  readonly orders: OrderRepository;
  readonly outbox: OrderOutbox;
  readonly idempotency: IdempotencyStore;
  readonly check: DependencyCheck;
  /** Prepares the store before the server listens (PostgreSQL: pending migrations, if enabled). */
  open(): Promise<void>;
  close(): Promise<void>;
}

/** The table of choices: which adapter serves each configured name. */
const storages: Record<RepositoryName, (config: AppConfig, logger: Logger) => Storage> = {
  memory: (config) => {
    const outbox = new MemoryOrderOutbox(config.notifiers);
    const orders = new MemoryOrderRepository(outbox);
    const idempotency = new MemoryIdempotencyStore();
    return { orders, outbox, idempotency, check: orders, open: async () => undefined, close: async () => undefined };
  },
  postgres: (config, logger) => {
    const database = new PostgresDatabase({
      url: config.databaseUrl ?? '',
      poolMax: config.databasePoolMax,
      logger: logger.child({ component: 'database' }),
    });
    return {
      orders: new PostgresOrderRepository(database.knex, config.notifiers),
      outbox: new PostgresOrderOutbox(database.knex),
      idempotency: new PostgresIdempotencyStore(database.knex),
      check: database,
      open: async () => {
        if (!config.databaseMigrate) return;
        const applied = await database.migrate();
        logger.info({ applied }, applied.length > 0 ? 'database migrated' : 'database schema is current');
      },
      close: () => database.close(),
    };
  },
};

const notifiers: Record<NotifierName, (config: AppConfig, logger: Logger) => OrderNotifier> = {
  email: (config, logger) =>
    new EmailNotifier({
      ...(config.smtpUrl !== undefined && { smtpUrl: config.smtpUrl }),
      from: config.mailFrom,
      logger: logger.child({ notifier: 'email' }),
    }),
  kafka: (config, logger) =>
    new KafkaNotifier({
      brokers: config.kafkaBrokers ?? [],
      topic: config.kafkaTopic,
      logger: logger.child({ notifier: 'kafka' }),
    }),
};

/**
 * Binds every port to the adapter the configuration names. The core's classes carry no decorators,
 * so each is built here by a factory from its resolved dependencies.
 */
export function buildContainer(config: AppConfig, logger: Logger): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind<AppConfig>(TOKENS.Config).toConstantValue(config);
  container.bind<Logger>(TOKENS.Logger).toConstantValue(logger);
  container.bind<Clock>(TOKENS.Clock).toResolvedValue(() => new SystemClock());
  container.bind<IdGenerator>(TOKENS.IdGenerator).toResolvedValue(() => new RandomIdGenerator());
  container.bind<RetrySchedule>(TOKENS.RetrySchedule).toResolvedValue(() => new ExponentialRetrySchedule());

  container.bind<Storage>(TOKENS.Storage).toResolvedValue(() => storages[config.repository](config, logger));
  container
    .bind<OrderRepository>(TOKENS.OrderRepository)
    .toResolvedValue((storage: Storage) => storage.orders, [TOKENS.Storage]);
  container
    .bind<OrderOutbox>(TOKENS.OrderOutbox)
    .toResolvedValue((storage: Storage) => storage.outbox, [TOKENS.Storage]);
  for (const name of config.notifiers) {
    // Each notifier sits behind its own circuit breaker, so one peer's outage is contained to its deliveries.
    container
      .bind<Notifier>(TOKENS.OrderNotifier)
      .toResolvedValue(() => new CircuitBreakerNotifier(notifiers[name](config, logger)));
  }
  const allNotifiers = { isMultiple: true, serviceIdentifier: TOKENS.OrderNotifier } as const;

  container
    .bind<DependencyCheck[]>(TOKENS.DependencyChecks)
    .toResolvedValue(
      (storage: Storage, configured: Notifier[]) => [storage.check, ...configured],
      [TOKENS.Storage, allNotifiers],
    );
  container.bind<WakeRelaysAfterCommit>(TOKENS.EventPublisher).toResolvedValue(() => new WakeRelaysAfterCommit(logger));
  // One registry per container, so that apps built side by side (tests) never share counts.
  container
    .bind<ServiceMetrics>(TOKENS.Metrics)
    .toResolvedValue(
      (outbox: OrderOutbox) =>
        new ServiceMetrics({ outbox, notifiers: config.notifiers, logger: logger.child({ component: 'metrics' }) }),
      [TOKENS.OrderOutbox],
    );
  container.bind<RelayOrderEventsUseCase[]>(TOKENS.Relays).toResolvedValue(
    (outbox: OrderOutbox, configured: Notifier[], schedule: RetrySchedule, clock: Clock, metrics: ServiceMetrics) => {
      const relayLogger = logger.child({ component: 'relay' });
      const observer = new FanOutDeliveryObserver([new LogDeliveryObserver(relayLogger), metrics], relayLogger);
      return configured.map(
        (notifier) => new RelayOrderEvents(outbox, notifier, schedule, clock, RELAY_BATCH_SIZE, observer),
      );
    },
    [TOKENS.OrderOutbox, allNotifiers, TOKENS.RetrySchedule, TOKENS.Clock, TOKENS.Metrics],
  );

  container.bind<OrderUseCases>(TOKENS.UseCases).toResolvedValue(
    (
      orders: OrderRepository,
      publisher: WakeRelaysAfterCommit,
      clock: Clock,
      ids: IdGenerator,
      checks: DependencyCheck[],
      storage: Storage,
    ) => {
      const changes = { orders, publisher, clock, ids };
      return {
        placeOrder: new PlaceOrder(orders, publisher, clock, ids, storage.idempotency),
        getOrder: new GetOrder(orders),
        listOrders: new ListOrders(orders),
        confirmOrder: new ConfirmOrder(changes),
        shipOrder: new ShipOrder(changes),
        deliverOrder: new DeliverOrder(changes),
        cancelOrder: new CancelOrder(changes),
        checkReadiness: new CheckReadiness(checks),
      };
    },
    [
      TOKENS.OrderRepository,
      TOKENS.EventPublisher,
      TOKENS.Clock,
      TOKENS.IdGenerator,
      TOKENS.DependencyChecks,
      TOKENS.Storage,
    ],
  );
  return container;
}
