import type { Actor } from '../../model/actor.js';
import type { OrderSnapshot } from '../../model/order-snapshot.js';
import type { Result } from '../../model/result.js';
import type {
  DeliverOrderCommand,
  DeliverOrderError,
  DeliverOrderUseCase,
} from '../../../ports/inbound/deliver-order-use-case.js';
import { changeOrder, type OrderChangeDependencies } from '../change-order/change-order.js';

export class DeliverOrder implements DeliverOrderUseCase {
  constructor(private readonly dependencies: OrderChangeDependencies) {}

  execute(actor: Actor, command: DeliverOrderCommand): Promise<Result<OrderSnapshot, DeliverOrderError>> {
    return changeOrder(this.dependencies, actor, command, 'deliver', (order, now) => order.deliver(now));
  }
}
