import type { OrderStatus } from './values/order-status.js';

/**
 * The one table of what can happen to an order (SPEC §3): for each action, the statuses it leaves from, the status
 * it leads to, the event it records, and the word for it done. Placing leaves from no status: it makes the order.
 */
export const ORDER_LIFECYCLE = {
  place: { from: [], to: 'pending', event: 'OrderPlaced', pastTense: 'placed' },
  confirm: { from: ['pending'], to: 'confirmed', event: 'OrderConfirmed', pastTense: 'confirmed' },
  ship: { from: ['confirmed'], to: 'shipped', event: 'OrderShipped', pastTense: 'shipped' },
  deliver: { from: ['shipped'], to: 'delivered', event: 'OrderDelivered', pastTense: 'delivered' },
  cancel: { from: ['pending', 'confirmed'], to: 'cancelled', event: 'OrderCancelled', pastTense: 'cancelled' },
} as const satisfies Record<string, LifecycleStep>;

interface LifecycleStep {
  readonly from: readonly OrderStatus[];
  readonly to: OrderStatus;
  readonly event: `Order${string}`;
  readonly pastTense: string;
}

/** An action that changes a placed order. */
export type OrderAction = Exclude<keyof typeof ORDER_LIFECYCLE, 'place'>;

export type OrderEventType = (typeof ORDER_LIFECYCLE)[keyof typeof ORDER_LIFECYCLE]['event'];

const PAST_TENSE_OF_EVENT = Object.fromEntries(
  Object.values(ORDER_LIFECYCLE).map((step) => [step.event, step.pastTense]),
) as Record<OrderEventType, string>;

/** The word for what an event records, e.g. "shipped" for OrderShipped. */
export function pastTenseOf(type: OrderEventType): string {
  return PAST_TENSE_OF_EVENT[type];
}
