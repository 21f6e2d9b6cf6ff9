import { OrderNotFoundError, ValidationError, VersionMismatchError, type OrderError } from '../errors.js';
import { Order, type OrderSnapshot } from '../order.js';
import { isOrderId } from '../order-id.js';
import { fail, ok, type Result } from '../result.js';
import type { ChangeOrderCommand, ChangeOrderUseCase } from '../../ports/inbound/change-order-use-case.js';
import type { Clock } from '../../ports/outbound/clock.js';
import type { IdGenerator } from '../../ports/outbound/id-generator.js';
import type { CommittedEvents } from '../../ports/outbound/committed-events.js';
import type { OrderRepository } from '../../ports/outbound/order-repository.js';
import { commitChange } from './commit-change.js';

export class ChangeOrder implements ChangeOrderUseCase {
  constructor(
    private readonly orders: OrderRepository,
    private readonly committedEvents: CommittedEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: ChangeOrderCommand): Promise<Result<OrderSnapshot, OrderError>> {
    if (!isOrderId(command.orderId)) return fail(new ValidationError([{ path: '/id', message: 'must be a UUID' }]));
    const orderId = command.orderId.toLowerCase();
    // Each lost race means another change was accepted, and an order accepts at most four, so this ends.
    for (;;) {
      const stored = await this.orders.findById(orderId);
      if (!stored) return fail(new OrderNotFoundError(orderId));
      if (command.expectedVersion !== undefined && command.expectedVersion !== stored.version) {
        return fail(new VersionMismatchError(orderId, command.expectedVersion, stored.version));
      }
      const changed = this.apply(Order.restore(stored), command);
      if (!changed.ok) return changed;
      const { outcome, events } = await commitChange(this.orders, this.ids, changed.value, stored.version);
      if (outcome === 'saved') {
        await this.committedEvents.announce(events);
        return ok(changed.value.toSnapshot());
      }
      // Stale: re-evaluate against the current state, unless the caller pinned a version.
    }
  }

  private apply(order: Order, command: ChangeOrderCommand): Result<Order, OrderError> {
    const now = this.clock.now();
    switch (command.action) {
      case 'confirm':
        return order.confirm(now);
      case 'ship':
        return order.ship(now);
      case 'deliver':
        return order.deliver(now);
      case 'cancel':
        return order.cancel(now, command.reason);
    }
  }
}
