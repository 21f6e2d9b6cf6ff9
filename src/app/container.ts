import 'reflect-metadata';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import { EmailNotifier } from '../adapters/email/email-notifier.js';
import { MemoryOrderRepository } from '../adapters/memory/memory-order-repository.js';
import { PostgresDatabase } from '../adapters/postgres/postgres-database.js';
import { PostgresOrderRepository } from '../adapters/postgres/postgres-order-repository.js';
import { RandomIdGenerator } from '../adapters/system/random-id-generator.js';
import { SystemClock } from '../adapters/system/system-clock.js';
import { ChangeOrder } from '../domain/use-cases/change-order.js';
import { CheckReadiness } from '../domain/use-cases/check-readiness.js';
import { GetOrder } from '../domain/use-cases/get-order.js';
import { ListOrders } from '../domain/use-cases/list-orders.js';
import { PlaceOrder } from '../domain/use-cases/place-order.js';
import type { OrderUseCases } from '../ports/inbound/order-use-cases.js';
import type { Clock } from '../ports/outbound/clock.js';
import type { DependencyCheck } from '../ports/outbound/dependency-check.js';
import type { IdGenerator } from '../ports/outbound/id-generator.js';
import type { OrderNotifier } from '../ports/outbound/order-notifier.js';
import type { OrderRepository } from '../ports/outbound/order-repository.js';
import type { AppConfig, NotifierName, RepositoryName } from './config.js';
import { NotifyAfterCommit } from './notify-after-commit.js';

export const TOKENS = {
  Config: Symbol.for('Config'),
  Logger: Symbol.for('Logger'),
  Clock: Symbol.for('Clock'),
  IdGenerator: Symbol.for('IdGenerator'),
  Storage: Symbol.for('Storage'),
  OrderRepository: Symbol.for('OrderRepository'),
  OrderNotifier: Symbol.for('OrderNotifier'),
  DependencyChecks: Symbol.for('DependencyChecks'),
  EventPublisher: Symbol.for('EventPublisher'),
  UseCases: Symbol.for('UseCases'),
} as const;

type Notifier = OrderNotifier & DependencyCheck;

/** Where orders live, with what it takes to open and close it. */
export interface Storage {
  readonly orders: OrderRepository;
  readonly check: DependencyCheck;
  /** Prepares the store before the server listens (PostgreSQL: pending migrations, if enabled). */
  open(): Promise<void>;
  close(): Promise<void>;
}

/** The table of choices: which adapter serves each configured name. */
const storages: Record<RepositoryName, (config: AppConfig, logger: Logger) => Storage> = {
  memory: () => {
    const orders = new MemoryOrderRepository();
    return { orders, check: orders, open: async () => undefined, close: async () => undefined };
  },
  postgres: (config, logger) => {
    const database = new PostgresDatabase({
      url: config.databaseUrl ?? '',
      poolMax: config.databasePoolMax,
      logger: logger.child({ component: 'database' }),
    });
    return {
      orders: new PostgresOrderRepository(database.knex),
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

const notifiers: Record<NotifierName, (config: AppConfig, logger: Logger) => Notifier> = {
  email: (config, logger) =>
    new EmailNotifier({
      ...(config.smtpUrl !== undefined && { smtpUrl: config.smtpUrl }),
      from: config.mailFrom,
      logger: logger.child({ notifier: 'email' }),
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

  container.bind<Storage>(TOKENS.Storage).toResolvedValue(() => storages[config.repository](config, logger));
  container.bind<OrderRepository>(TOKENS.OrderRepository).toResolvedValue((storage: Storage) => storage.orders, [TOKENS.Storage]);
  for (const name of config.notifiers) {
    container.bind<Notifier>(TOKENS.OrderNotifier).toResolvedValue(() => notifiers[name](config, logger));
  }
  container
    .bind<DependencyCheck[]>(TOKENS.DependencyChecks)
    .toResolvedValue(
      (storage: Storage, configured: Notifier[]) => [storage.check, ...configured],
      [TOKENS.Storage, { isMultiple: true, serviceIdentifier: TOKENS.OrderNotifier }],
    );
  container
    .bind<NotifyAfterCommit>(TOKENS.EventPublisher)
    .toResolvedValue(
      (configured: Notifier[]) => new NotifyAfterCommit(configured, logger),
      [{ isMultiple: true, serviceIdentifier: TOKENS.OrderNotifier }],
    );

  container
    .bind<OrderUseCases>(TOKENS.UseCases)
    .toResolvedValue(
      (orders: OrderRepository, publisher: NotifyAfterCommit, clock: Clock, ids: IdGenerator, checks: DependencyCheck[]) => ({
        placeOrder: new PlaceOrder(orders, publisher, clock, ids),
        getOrder: new GetOrder(orders),
        listOrders: new ListOrders(orders),
        changeOrder: new ChangeOrder(orders, publisher, clock, ids),
        checkReadiness: new CheckReadiness(checks),
      }),
      [TOKENS.OrderRepository, TOKENS.EventPublisher, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.DependencyChecks],
    );
  return container;
}
