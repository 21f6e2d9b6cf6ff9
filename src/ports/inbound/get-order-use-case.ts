import type { OrderNotFoundError, ValidationError } from '../../domain/errors.js';
import type { OrderSnapshot } from '../../domain/order.js';
import type { Result } from '../../domain/result.js';

export interface GetOrderUseCase {
  /** The order with this id; a malformed id is a validation error, an unknown one not found. */
  execute(orderId: string): Promise<Result<OrderSnapshot, ValidationError | OrderNotFoundError>>;
}
