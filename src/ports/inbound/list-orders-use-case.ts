import type { Actor } from '../../domain/model/actor.js';
import type { ForbiddenError } from '../../domain/model/errors/forbidden-error.js';
import type { Result } from '../../domain/model/result.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { CustomerId } from '../../domain/model/values/customer-id.js';
import type { OrderPosition } from '../../domain/model/values/order-cursor.js';
import type { OrderStatus } from '../../domain/model/values/order-status.js';
import type { PageSize } from '../../domain/model/values/page-size.js';

export interface ListOrdersQuery {
  readonly customerId?: CustomerId;
  readonly status?: OrderStatus;
  /** At most this many orders. */
  readonly limit: PageSize;
  /** Where the previous page ended (its `nextCursor`, decoded). */
  readonly cursor?: OrderPosition;
}

export interface OrderPage {
  readonly items: readonly OrderSnapshot[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export interface ListOrdersUseCase {
  /** One page of the orders the actor may see, newest first; pages never repeat or skip an order. */
  execute(actor: Actor, query: ListOrdersQuery): Promise<Result<OrderPage, ForbiddenError>>;
}
