import type { ChangeOrderUseCase } from './change-order-use-case.js';
import type { CheckReadinessUseCase } from './check-readiness-use-case.js';
import type { GetOrderUseCase } from './get-order-use-case.js';
import type { ListOrdersUseCase } from './list-orders-use-case.js';
import type { PlaceOrderUseCase } from './place-order-use-case.js';
import { portKey } from '../port-key.js';

/** Everything the core offers to input adapters, handed to each of them whole. */
export interface OrderUseCases {
  readonly placeOrder: PlaceOrderUseCase;
  readonly getOrder: GetOrderUseCase;
  readonly listOrders: ListOrdersUseCase;
  readonly changeOrder: ChangeOrderUseCase;
  readonly checkReadiness: CheckReadinessUseCase;
}

export const ORDER_USE_CASES = portKey<OrderUseCases>('OrderUseCases');
