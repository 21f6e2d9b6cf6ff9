import type { OrderNotFoundError } from '../../domain/model/errors/order-not-found-error.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { Result } from '../../domain/model/result.js';
import type { OrderId } from '../../domain/model/values/order-id.js';

export interface GetOrderQuery {
  readonly orderId: OrderId;
}

export type GetOrderError = OrderNotFoundError;

export interface GetOrderUseCase {
  /** The order with this id, or not found. */
  execute(query: GetOrderQuery): Promise<Result<OrderSnapshot, GetOrderError>>;
}
