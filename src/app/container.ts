import 'reflect-metadata';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import { EmailNotifier } from '../adapters/email/email-notifier.js';
import { MemoryOrderRepository } from '../adapters/memory/memory-order-repository.js';
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
  OrderRepository: Symbol.for('OrderRepository'),
  OrderNotifier: Symbol.for('OrderNotifier'),
  DependencyChecks: Symbol.for('DependencyChecks'),
  EventPublisher: Symbol.for('EventPublisher'),
  UseCases: Symbol.for('UseCases'),
} as const;

type Repository = OrderRepository & DependencyCheck;
type Notifier = OrderNotifier & DependencyCheck;

/** The table of choices: which adapter serves each configured name. */
const repositories: Record<RepositoryName, (config: AppConfig, logger: Logger) => Repository> = {
  memory: () => new MemoryOrderRepository(),
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

  container.bind<Repository>(TOKENS.OrderRepository).toResolvedValue(() => repositories[config.repository](config, logger));
  for (const name of config.notifiers) {
    container.bind<Notifier>(TOKENS.OrderNotifier).toResolvedValue(() => notifiers[name](config, logger));
  }
  container
    .bind<DependencyCheck[]>(TOKENS.DependencyChecks)
    .toResolvedValue(
      (repository: Repository, configured: Notifier[]) => [repository, ...configured],
      [TOKENS.OrderRepository, { isMultiple: true, serviceIdentifier: TOKENS.OrderNotifier }],
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
      (orders: Repository, publisher: NotifyAfterCommit, clock: Clock, ids: IdGenerator, checks: DependencyCheck[]) => ({
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
