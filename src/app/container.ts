import 'reflect-metadata';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import { CommittedEventsBroadcast } from '../adapters/delivery/committed-events-broadcast.js';
import { EmailNotifier } from '../adapters/email/email-notifier.js';
import { KafkaNotifier } from '../adapters/kafka/kafka-notifier.js';
import { MemoryIdempotencyStore } from '../adapters/memory/memory-idempotency-store.js';
import { MemoryOrderOutbox } from '../adapters/memory/memory-order-outbox.js';
import { MemoryOrderRepository } from '../adapters/memory/memory-order-repository.js';
import { OutboxQueues } from '../adapters/memory/outbox-queues.js';
import { PostgresDatabase } from '../adapters/postgres/postgres-database.js';
import { PostgresIdempotencyStore } from '../adapters/postgres/postgres-idempotency-store.js';
import { PostgresOrderOutbox } from '../adapters/postgres/postgres-order-outbox.js';
import { PostgresOrderRepository } from '../adapters/postgres/postgres-order-repository.js';
import { ServiceMetrics } from '../adapters/observability/service-metrics.js';
import { CircuitBreakerNotifier } from '../adapters/resilience/circuit-breaker-notifier.js';
import { ExponentialRetrySchedule } from '../adapters/resilience/exponential-retry-schedule.js';
import { RandomIdGenerator } from '../adapters/system/random-id-generator.js';
import { SystemClock } from '../adapters/system/system-clock.js';
import { ChangeOrder } from '../domain/use-cases/change-order.js';
import { DeliverOrderEvents } from '../domain/use-cases/deliver-order-events/deliver-order-events.js';
import { CheckReadiness } from '../domain/use-cases/check-readiness.js';
import { GetOrder } from '../domain/use-cases/get-order.js';
import { ListOrders } from '../domain/use-cases/list-orders.js';
import { PlaceOrder } from '../domain/use-cases/place-order.js';
import type { OrderUseCases } from '../ports/inbound/order-use-cases.js';
import type { DeliverOrderEventsUseCase } from '../ports/inbound/deliver-order-events-use-case.js';
import type { Clock } from '../ports/outbound/clock.js';
import { COMMITTED_EVENTS, type CommittedEvents } from '../ports/outbound/committed-events.js';
import type { DependencyCheck } from '../ports/outbound/dependency-check.js';
import type { IdGenerator } from '../ports/outbound/id-generator.js';
import type { IdempotencyStore } from '../ports/outbound/idempotency-store.js';
import type { OrderNotifier } from '../ports/outbound/order-notifier.js';
import type { OrderOutbox } from '../ports/outbound/order-outbox.js';
import type { OrderRepository } from '../ports/outbound/order-repository.js';
import type { RetrySchedule } from '../ports/outbound/retry-schedule.js';
import type { AppConfig, NotifierName, RepositoryName } from './config.js';

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
  Deliveries: Symbol.for('Deliveries'),
  Metrics: Symbol.for('Metrics'),
  UseCases: Symbol.for('UseCases'),
} as const;

type Notifier = OrderNotifier & DependencyCheck;

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
    // The repository appends to the queues the outbox claims from: one store, seen through two ports.
    const queues = new OutboxQueues(config.notifiers);
    const orders = new MemoryOrderRepository(queues);
    const outbox = new MemoryOrderOutbox(queues);
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
  // Bound as itself, so that buildServer can add listeners, and as the port the use cases call.
  container.bind(CommittedEventsBroadcast).toResolvedValue(() => new CommittedEventsBroadcast(logger));
  container.bind(COMMITTED_EVENTS).toService(CommittedEventsBroadcast);
  // One registry per container, so that apps built side by side (tests) never share counts.
  container
    .bind<ServiceMetrics>(TOKENS.Metrics)
    .toResolvedValue(
      (outbox: OrderOutbox) =>
        new ServiceMetrics({ outbox, notifiers: config.notifiers, logger: logger.child({ component: 'metrics' }) }),
      [TOKENS.OrderOutbox],
    );
  // One delivery per notifier, so one peer's outage never delays or repeats another's deliveries.
  container
    .bind<DeliverOrderEventsUseCase[]>(TOKENS.Deliveries)
    .toResolvedValue(
      (outbox: OrderOutbox, configured: Notifier[], schedule: RetrySchedule, clock: Clock) =>
        configured.map((notifier) => new DeliverOrderEvents(outbox, notifier, schedule, clock)),
      [TOKENS.OrderOutbox, allNotifiers, TOKENS.RetrySchedule, TOKENS.Clock],
    );

  container.bind<OrderUseCases>(TOKENS.UseCases).toResolvedValue(
    (
      orders: OrderRepository,
      committedEvents: CommittedEvents,
      clock: Clock,
      ids: IdGenerator,
      checks: DependencyCheck[],
      storage: Storage,
    ) => ({
      placeOrder: new PlaceOrder(orders, committedEvents, clock, ids, storage.idempotency),
      getOrder: new GetOrder(orders),
      listOrders: new ListOrders(orders),
      changeOrder: new ChangeOrder(orders, committedEvents, clock, ids),
      checkReadiness: new CheckReadiness(checks),
    }),
    [
      TOKENS.OrderRepository,
      COMMITTED_EVENTS,
      TOKENS.Clock,
      TOKENS.IdGenerator,
      TOKENS.DependencyChecks,
      TOKENS.Storage,
    ],
  );
  return container;
}
