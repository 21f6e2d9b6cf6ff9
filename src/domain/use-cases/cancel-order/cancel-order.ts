import type { Actor } from '../../model/actor.js';
import type { OrderSnapshot } from '../../model/order-snapshot.js';
import type { Result } from '../../model/result.js';
import type {
  CancelOrderCommand,
  CancelOrderError,
  CancelOrderUseCase,
} from '../../../ports/inbound/cancel-order-use-case.js';
import { changeOrder, type OrderChangeDependencies } from '../change-order/change-order.js';

export class CancelOrder implements CancelOrderUseCase {
  constructor(private readonly dependencies: OrderChangeDependencies) {}

  execute(actor: Actor, command: CancelOrderCommand): Promise<Result<OrderSnapshot, CancelOrderError>> {
    return changeOrder(this.dependencies, actor, command, 'cancel', (order, now) => order.cancel(now, command.reason));
  }
}
