import type { Actor } from '../../model/actor.js';
import type { OrderSnapshot } from '../../model/order-snapshot.js';
import type { Result } from '../../model/result.js';
import type { ShipOrderCommand, ShipOrderError, ShipOrderUseCase } from '../../../ports/inbound/ship-order-use-case.js';
import { changeOrder, type OrderChangeDependencies } from '../change-order/change-order.js';

export class ShipOrder implements ShipOrderUseCase {
  constructor(private readonly dependencies: OrderChangeDependencies) {}

  execute(actor: Actor, command: ShipOrderCommand): Promise<Result<OrderSnapshot, ShipOrderError>> {
    return changeOrder(this.dependencies, actor, command, 'ship', (order, now) => order.ship(now));
  }
}
