import type { Actor } from '../../domain/model/actor.js';
import type { ForbiddenError } from '../../domain/model/errors/forbidden-error.js';
import type { OrderNotFoundError } from '../../domain/model/errors/order-not-found-error.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { Result } from '../../domain/model/result.js';
import type { OrderId } from '../../domain/model/values/order-id.js';

export interface GetOrderQuery {
  readonly orderId: OrderId;
}

export type GetOrderError = ForbiddenError | OrderNotFoundError;

export interface GetOrderUseCase {
  /** The order with this id, or not found when there is none the actor may see. */
  execute(actor: Actor, query: GetOrderQuery): Promise<Result<OrderSnapshot, GetOrderError>>;
}
