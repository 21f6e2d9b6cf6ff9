import type { Actor } from '../../model/actor.js';
import type { OrderSnapshot } from '../../model/order-snapshot.js';
import type { Result } from '../../model/result.js';
import type {
  ConfirmOrderCommand,
  ConfirmOrderError,
  ConfirmOrderUseCase,
} from '../../../ports/inbound/confirm-order-use-case.js';
import { changeOrder, type OrderChangeDependencies } from '../change-order/change-order.js';

export class ConfirmOrder implements ConfirmOrderUseCase {
  constructor(private readonly dependencies: OrderChangeDependencies) {}

  execute(actor: Actor, command: ConfirmOrderCommand): Promise<Result<OrderSnapshot, ConfirmOrderError>> {
    return changeOrder(this.dependencies, actor, command, 'confirm', (order, now) => order.confirm(now));
  }
}
