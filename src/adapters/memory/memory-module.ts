import { ContainerModule } from 'inversify';
import { DEPENDENCY_CHECK } from '../../ports/outbound/dependency-check.js';
import { IDEMPOTENCY_STORE } from '../../ports/outbound/idempotency-store.js';
import { ORDER_NOTIFIER, type OrderNotifier } from '../../ports/outbound/order-notifier.js';
import { ORDER_OUTBOX } from '../../ports/outbound/order-outbox.js';
import { ORDER_REPOSITORY } from '../../ports/outbound/order-repository.js';
import { portKey } from '../../ports/port-key.js';
import { MemoryIdempotencyStore } from './memory-idempotency-store.js';
import { MemoryOrderOutbox } from './memory-order-outbox.js';
import { MemoryOrderRepository } from './memory-order-repository.js';

// This module's own keys: the repository writes to this very outbox, a thing no port promises.
const MEMORY_OUTBOX = portKey<MemoryOrderOutbox>('MemoryOrderOutbox');
const MEMORY_ORDERS = portKey<MemoryOrderRepository>('MemoryOrderRepository');

/** Orders, their outbox and idempotency keys in process memory: the zero-setup default and the tests' store. */
export function memoryModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(MEMORY_OUTBOX).toResolvedValue(
      (notifiers: OrderNotifier[]) => new MemoryOrderOutbox(notifiers.map((notifier) => notifier.name)),
      [{ serviceIdentifier: ORDER_NOTIFIER, isMultiple: true }],
    );
    bind(MEMORY_ORDERS).toResolvedValue(
      (outbox: MemoryOrderOutbox) => new MemoryOrderRepository(outbox),
      [MEMORY_OUTBOX],
    );
    bind(ORDER_OUTBOX).toService(MEMORY_OUTBOX);
    bind(ORDER_REPOSITORY).toService(MEMORY_ORDERS);
    bind(DEPENDENCY_CHECK).toService(MEMORY_ORDERS);
    bind(IDEMPOTENCY_STORE).toResolvedValue(() => new MemoryIdempotencyStore());
  });
}
