import type { Actor } from '../../model/actor.js';
import { OrderNotFoundError } from '../../model/errors/order-not-found-error.js';
import { canSee, mayRead } from '../../model/order-access.js';
import type { OrderSnapshot } from '../../model/order-snapshot.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { GetOrderError, GetOrderQuery, GetOrderUseCase } from '../../../ports/inbound/get-order-use-case.js';
import type { OrderRepository } from '../../../ports/outbound/order-repository.js';

export class GetOrder implements GetOrderUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute(actor: Actor, query: GetOrderQuery): Promise<Result<OrderSnapshot, GetOrderError>> {
    const allowed = mayRead(actor);
    if (!allowed.ok) return allowed;
    const order = await this.orders.findById(actor.tenant, query.orderId);
    return order && canSee(actor, order) ? ok(order) : fail(new OrderNotFoundError(query.orderId));
  }
}
