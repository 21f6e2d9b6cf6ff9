import { OrderNotFoundError, ValidationError } from '../errors.js';
import type { OrderSnapshot } from '../order.js';
import { isOrderId } from '../order-id.js';
import { fail, ok, type Result } from '../result.js';
import type { GetOrderUseCase } from '../../ports/inbound/get-order-use-case.js';
import type { OrderRepository } from '../../ports/outbound/order-repository.js';

export class GetOrder implements GetOrderUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute(orderId: string): Promise<Result<OrderSnapshot, ValidationError | OrderNotFoundError>> {
    if (!isOrderId(orderId)) return fail(new ValidationError([{ path: '/id', message: 'must be a UUID' }]));
    const id = orderId.toLowerCase();
    const order = await this.orders.findById(id);
    return order ? ok(order) : fail(new OrderNotFoundError(id));
  }
}
