import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { ORDER_UPDATES } from '../../ports/inbound/order-updates.js';
import { COMMITTED_EVENTS_ELSEWHERE } from '../../ports/outbound/committed-events.js';
import { DEPENDENCY_CHECK } from '../../ports/outbound/dependency-check.js';
import { IDEMPOTENCY_STORE } from '../../ports/outbound/idempotency-store.js';
import { LIFECYCLE_HOOK, type LifecycleHook } from '../../ports/outbound/lifecycle-hook.js';
import { ORDER_NOTIFIER, type OrderNotifier } from '../../ports/outbound/order-notifier.js';
import { ORDER_OUTBOX } from '../../ports/outbound/order-outbox.js';
import { ORDER_REPOSITORY } from '../../ports/outbound/order-repository.js';
import { PROCESSED_MESSAGES } from '../../ports/outbound/processed-messages.js';
import { portKey } from '../../ports/port-key.js';
import type { PostgresConfig } from './postgres-config.js';
import { PostgresDatabase } from './postgres-database.js';
import { PostgresIdempotencyStore } from './postgres-idempotency-store.js';
import { PostgresOrderOutbox } from './postgres-order-outbox.js';
import { PostgresOrderRepository } from './postgres-order-repository.js';
import { PostgresOrderUpdates } from './postgres-order-updates.js';
import { PostgresProcessedMessages } from './postgres-processed-messages.js';

// This module's own keys: one pool shared by the repository, the outbox, the processed messages and the idempotency
// store; one listener.
const DATABASE = portKey<PostgresDatabase>('PostgresDatabase');
const LISTENER = portKey<PostgresOrderUpdates>('PostgresOrderUpdates');

/**
 * Orders, their outbox, the messages their changes applied and idempotency keys in PostgreSQL, with migrations at
 * start and the pool closed at stop; and the changes every instance commits, announced (COMMITTED_EVENTS_ELSEWHERE)
 * and heard (ORDER_UPDATES) through LISTEN/NOTIFY, for live views.
 */
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
    bind(PROCESSED_MESSAGES).toResolvedValue(
      (database: PostgresDatabase) => new PostgresProcessedMessages(database.knex),
      [DATABASE],
    );
    bind(IDEMPOTENCY_STORE).toResolvedValue(
      (database: PostgresDatabase) => new PostgresIdempotencyStore(database.knex),
      [DATABASE],
    );
    bind(LISTENER).toResolvedValue(
      () => new PostgresOrderUpdates({ url: config.url, logger: logger.child({ component: 'order-updates' }) }),
    );
    bind(ORDER_UPDATES).toService(LISTENER);
    bind(COMMITTED_EVENTS_ELSEWHERE).toService(LISTENER);
    bind(DEPENDENCY_CHECK).toService(DATABASE);
    bind(LIFECYCLE_HOOK).toResolvedValue(
      (database: PostgresDatabase, listener: PostgresOrderUpdates) =>
        databaseLifecycle(database, listener, config, logger),
      [DATABASE, LISTENER],
    );
  });
}

/** Migrates, then listens (the function that reads events back comes with migration 007). */
function databaseLifecycle(
  database: PostgresDatabase,
  listener: PostgresOrderUpdates,
  config: PostgresConfig,
  logger: Logger,
): LifecycleHook {
  return {
    open: async () => {
      if (config.migrate) {
        const applied = await database.migrate();
        logger.info({ applied }, applied.length > 0 ? 'database migrated' : 'database schema is current');
      }
      await listener.start();
    },
    close: async () => {
      await listener.stop();
      await database.close();
    },
  };
}
