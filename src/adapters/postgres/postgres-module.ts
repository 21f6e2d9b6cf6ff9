import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { DEPENDENCY_CHECK } from '../../ports/outbound/dependency-check.js';
import { IDEMPOTENCY_STORE } from '../../ports/outbound/idempotency-store.js';
import { LIFECYCLE_HOOK, type LifecycleHook } from '../../ports/outbound/lifecycle-hook.js';
import { ORDER_NOTIFIER, type OrderNotifier } from '../../ports/outbound/order-notifier.js';
import { ORDER_OUTBOX } from '../../ports/outbound/order-outbox.js';
import { ORDER_REPOSITORY } from '../../ports/outbound/order-repository.js';
import { portKey } from '../../ports/port-key.js';
import type { PostgresConfig } from './postgres-config.js';
import { PostgresDatabase } from './postgres-database.js';
import { PostgresIdempotencyStore } from './postgres-idempotency-store.js';
import { PostgresOrderOutbox } from './postgres-order-outbox.js';
import { PostgresOrderRepository } from './postgres-order-repository.js';

// This module's own key: one pool shared by the repository, the outbox and the idempotency store.
const DATABASE = portKey<PostgresDatabase>('PostgresDatabase');

/** Orders, their outbox and idempotency keys in PostgreSQL, with migrations at start and the pool closed at stop. */
export function postgresModule(config: PostgresConfig, logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DATABASE).toResolvedValue(
      () =>
        new PostgresDatabase({
          url: config.url,
          poolMax: config.poolMax,
          logger: logger.child({ component: 'database' }),
        }),
    );
    bind(ORDER_REPOSITORY).toResolvedValue(
      (database: PostgresDatabase, notifiers: OrderNotifier[]) =>
        new PostgresOrderRepository(
          database.knex,
          notifiers.map((notifier) => notifier.name),
        ),
      [DATABASE, { serviceIdentifier: ORDER_NOTIFIER, isMultiple: true }],
    );
    bind(ORDER_OUTBOX).toResolvedValue(
      (database: PostgresDatabase) => new PostgresOrderOutbox(database.knex),
      [DATABASE],
    );
    bind(IDEMPOTENCY_STORE).toResolvedValue(
      (database: PostgresDatabase) => new PostgresIdempotencyStore(database.knex),
      [DATABASE],
    );
    bind(DEPENDENCY_CHECK).toService(DATABASE);
    bind(LIFECYCLE_HOOK).toResolvedValue(
      (database: PostgresDatabase) => databaseLifecycle(database, config, logger),
      [DATABASE],
    );
  });
}

function databaseLifecycle(database: PostgresDatabase, config: PostgresConfig, logger: Logger): LifecycleHook {
  return {
    open: async () => {
      if (!config.migrate) return;
      const applied = await database.migrate();
      logger.info({ applied }, applied.length > 0 ? 'database migrated' : 'database schema is current');
    },
    close: () => database.close(),
  };
}
