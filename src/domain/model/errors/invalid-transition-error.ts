import { ORDER_LIFECYCLE, type OrderAction } from '../order-lifecycle.js';
import type { OrderStatus } from '../values/order-status.js';

/** The order's status does not allow the action (SPEC §3). */
export class InvalidTransitionError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly orderId: string,
    readonly status: OrderStatus,
    readonly action: OrderAction,
  ) {}
  get message(): string {
    return `Order ${this.orderId} is ${this.status} and cannot be ${ORDER_LIFECYCLE[this.action].pastTense}`;
  }
}
