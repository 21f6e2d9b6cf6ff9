import type { ValidationError } from '../../domain/errors.js';
import type { NewOrder, OrderSnapshot } from '../../domain/order.js';
import type { Result } from '../../domain/result.js';

export type PlaceOrderCommand = NewOrder;

export interface PlaceOrderUseCase {
  /** Places an order; refuses it, storing nothing, when any rule of SPEC §3 is broken. */
  execute(command: PlaceOrderCommand): Promise<Result<OrderSnapshot, ValidationError>>;
}
