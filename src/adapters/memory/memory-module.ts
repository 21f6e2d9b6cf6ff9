import { ContainerModule } from 'inversify';
import { DEPENDENCY_CHECK } from '../../ports/outbound/dependency-check.js';
import { IDEMPOTENCY_STORE } from '../../ports/outbound/idempotency-store.js';
import { ORDER_NOTIFIER, type OrderNotifier } from '../../ports/outbound/order-notifier.js';
import { ORDER_OUTBOX } from '../../ports/outbound/order-outbox.js';
import { ORDER_REPOSITORY } from '../../ports/outbound/order-repository.js';
import { PROCESSED_MESSAGES } from '../../ports/outbound/processed-messages.js';
import { portKey } from '../../ports/port-key.js';
import type { MemoryConfig } from './memory-config.js';
import { MemoryIdempotencyStore } from './memory-idempotency-store.js';
import { MemoryOrderOutbox } from './memory-order-outbox.js';
import { MemoryOrderRepository } from './memory-order-repository.js';
import { OutboxQueues } from './outbox-queues.js';

// This module's own keys: the repository appends to the queues the outbox claims from, inside this folder.
const OUTBOX_QUEUES = portKey<OutboxQueues>('MemoryOutboxQueues');
const MEMORY_ORDERS = portKey<MemoryOrderRepository>('MemoryOrderRepository');

/** Orders, their outbox and idempotency keys in process memory: the zero-setup default and the tests' store. */
export function memoryModule(config: MemoryConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(OUTBOX_QUEUES).toResolvedValue(
      (notifiers: OrderNotifier[]) => new OutboxQueues(notifiers.map((notifier) => notifier.name)),
      [{ serviceIdentifier: ORDER_NOTIFIER, isMultiple: true }],
    );
    bind(MEMORY_ORDERS).toResolvedValue(
      (queues: OutboxQueues) => new MemoryOrderRepository(queues, config.maxOrders),
      [OUTBOX_QUEUES],
    );
    bind(ORDER_OUTBOX).toResolvedValue((queues: OutboxQueues) => new MemoryOrderOutbox(queues), [OUTBOX_QUEUES]);
    bind(ORDER_REPOSITORY).toService(MEMORY_ORDERS);
    bind(DEPENDENCY_CHECK).toService(MEMORY_ORDERS);
    bind(PROCESSED_MESSAGES).toResolvedValue(
      (orders: MemoryOrderRepository) => orders.processedMessages,
      [MEMORY_ORDERS],
    );
    bind(IDEMPOTENCY_STORE).toResolvedValue(() => new MemoryIdempotencyStore());
  });
}
