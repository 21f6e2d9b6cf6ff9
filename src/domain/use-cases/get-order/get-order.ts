import { OrderNotFoundError } from '../../model/errors/order-not-found-error.js';
import type { OrderSnapshot } from '../../model/order-snapshot.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { GetOrderError, GetOrderQuery, GetOrderUseCase } from '../../../ports/inbound/get-order-use-case.js';
import type { OrderRepository } from '../../../ports/outbound/order-repository.js';

export class GetOrder implements GetOrderUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute(query: GetOrderQuery): Promise<Result<OrderSnapshot, GetOrderError>> {
    const order = await this.orders.findById(query.orderId);
    return order ? ok(order) : fail(new OrderNotFoundError(query.orderId));
  }
}
