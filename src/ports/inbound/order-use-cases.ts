import type { CancelOrderUseCase } from './cancel-order-use-case.js';
import type { CheckReadinessUseCase } from './check-readiness-use-case.js';
import type { ConfirmOrderUseCase } from './confirm-order-use-case.js';
import type { DeliverOrderUseCase } from './deliver-order-use-case.js';
import type { GetOrderUseCase } from './get-order-use-case.js';
import type { ListOrdersUseCase } from './list-orders-use-case.js';
import type { PlaceOrderUseCase } from './place-order-use-case.js';
import type { ShipOrderUseCase } from './ship-order-use-case.js';
import { portKey } from '../port-key.js';

/** The inbound ports the input adapters call, one per intent. */
export interface OrderUseCases {
  readonly placeOrder: PlaceOrderUseCase;
  readonly getOrder: GetOrderUseCase;
  readonly listOrders: ListOrdersUseCase;
  readonly confirmOrder: ConfirmOrderUseCase;
  readonly shipOrder: ShipOrderUseCase;
  readonly deliverOrder: DeliverOrderUseCase;
  readonly cancelOrder: CancelOrderUseCase;
  readonly checkReadiness: CheckReadinessUseCase;
}

export const ORDER_USE_CASES = portKey<OrderUseCases>('OrderUseCases');
