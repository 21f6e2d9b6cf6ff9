import type { OrderError } from '../../domain/errors.js';
import type { OrderAction, OrderSnapshot } from '../../domain/order.js';
import type { Result } from '../../domain/result.js';

export interface ChangeOrderCommand {
  readonly orderId: string;
  readonly action: OrderAction;
  /** Only for `cancel`. */
  readonly reason?: string | null;
  /** When given, the change is refused unless the order is still at this version. */
  readonly expectedVersion?: number;
}

export interface ChangeOrderUseCase {
  /** Confirms, ships, delivers or cancels an order; a refused change stores nothing. */
  execute(command: ChangeOrderCommand): Promise<Result<OrderSnapshot, OrderError>>;
}
