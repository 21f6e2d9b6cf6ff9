import type { ValidationError } from '../../domain/errors.js';
import type { OrderSnapshot } from '../../domain/order.js';
import type { Result } from '../../domain/result.js';

export interface ListOrdersQuery {
  readonly customerId?: string;
  readonly status?: string;
  /** 1..100, default 20. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface OrderPage {
  readonly items: readonly OrderSnapshot[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export interface ListOrdersUseCase {
  /** One page of orders, newest first; pages never repeat or skip an order. */
  execute(query: ListOrdersQuery): Promise<Result<OrderPage, ValidationError>>;
}
