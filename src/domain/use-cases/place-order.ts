import type { ValidationError } from '../errors.js';
import { Order, type OrderSnapshot } from '../order.js';
import { ok, type Result } from '../result.js';
import type { PlaceOrderCommand, PlaceOrderUseCase } from '../../ports/inbound/place-order-use-case.js';
import type { Clock } from '../../ports/outbound/clock.js';
import type { IdGenerator } from '../../ports/outbound/id-generator.js';
import type { OrderEventPublisher } from '../../ports/outbound/order-event-publisher.js';
import type { OrderRepository } from '../../ports/outbound/order-repository.js';
import { commitChange } from './commit-change.js';

export class PlaceOrder implements PlaceOrderUseCase {
  constructor(
    private readonly orders: OrderRepository,
    private readonly publisher: OrderEventPublisher,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: PlaceOrderCommand): Promise<Result<OrderSnapshot, ValidationError>> {
    const placed = Order.place(command, this.ids.next(), this.clock.now());
    if (!placed.ok) return placed;
    const { outcome, events } = await commitChange(this.orders, this.ids, placed.value, 0);
    if (outcome === 'stale') {
      // A fresh UUID cannot already be stored; if it is, the id source is broken, not the request.
      throw new Error(`Order id ${placed.value.id} was already taken`);
    }
    await this.publisher.publish(events);
    return ok(placed.value.toSnapshot());
  }
}

